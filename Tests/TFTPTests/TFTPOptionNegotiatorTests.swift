import NIOCore
import TFTPWire
import Testing

@testable import TFTP

/// RFC 2347/2348/2349/7440 option negotiation.
struct TFTPOptionNegotiatorTests {
    let negotiator = TFTPOptionNegotiator(maxBlockSize: 1468, maxWindowSize: 64, defaultTimeout: .seconds(1))

    func request(_ options: [(String, String)]) -> TFTPRequest {
        TFTPRequest(fileName: "f", mode: .octet, options: options.map { TFTPOption(name: $0.0, value: $0.1) })
    }

    @Test func noOptionsMeansNoOACKAndDefaults() {
        let parameters = self.negotiator.negotiate(self.request([]), direction: .read(transferSize: 10))
        #expect(parameters == TFTPTransferParameters(blockSize: 512, windowSize: 1, timeout: .seconds(1)))
        #expect(parameters.acknowledgedOptions.isEmpty)
    }

    static let table: [(options: [(String, String)], blockSize: Int, windowSize: Int, timeout: Int64, oack: [String])] =
        [
            ([("blksize", "1408")], 1408, 1, 1, ["blksize=1408"]),
            ([("blksize", "65464")], 1468, 1, 1, ["blksize=1468"]),  // clamped to the maximum
            ([("blksize", "65465")], 512, 1, 1, []),  // out of range: ignored
            ([("blksize", "7")], 512, 1, 1, []),
            ([("blksize", "8")], 8, 1, 1, ["blksize=8"]),
            ([("blksize", "abc")], 512, 1, 1, []),
            ([("blksize", "-1")], 512, 1, 1, []),
            ([("blksize", "+9")], 512, 1, 1, []),
            ([("windowsize", "16")], 512, 16, 1, ["windowsize=16"]),
            ([("windowsize", "65535")], 512, 64, 1, ["windowsize=64"]),  // clamped
            ([("windowsize", "0")], 512, 1, 1, []),
            ([("windowsize", "65536")], 512, 1, 1, []),
            ([("timeout", "3")], 512, 1, 3, ["timeout=3"]),
            ([("timeout", "0")], 512, 1, 1, []),
            ([("timeout", "256")], 512, 1, 1, []),
            // Longer than the server's 5 s: left out of the OACK, so a silent client frees its transfer in seconds.
            ([("timeout", "5")], 512, 1, 5, ["timeout=5"]),
            ([("timeout", "6")], 512, 1, 1, []),
            ([("timeout", "255")], 512, 1, 1, []),
            ([("tsize", "0")], 512, 1, 1, ["tsize=12345"]),
            ([("multicast", ""), ("rollover", "0")], 512, 1, 1, []),  // unknown options are ignored
            (
                [("blksize", "1468"), ("windowsize", "64"), ("timeout", "2"), ("tsize", "0"), ("x", "y")],
                1468, 64, 2, ["blksize=1468", "windowsize=64", "timeout=2", "tsize=12345"]
            ),
            ([("blksize", "1000"), ("blksize", "2000")], 1000, 1, 1, ["blksize=1000"]),  // the first one counts
        ]

    @Test(arguments: Self.table.indices)
    func negotiatesReadOptions(_ index: Int) {
        let row = Self.table[index]
        let parameters = self.negotiator.negotiate(self.request(row.options), direction: .read(transferSize: 12345))
        #expect(parameters.blockSize == row.blockSize)
        #expect(parameters.windowSize == row.windowSize)
        #expect(parameters.timeout == .seconds(row.timeout))
        #expect(parameters.acknowledgedOptions.map { "\($0.name)=\($0.value)" } == row.oack)
    }

    @Test(arguments: [nil, 0] as [Int64?])
    func tsizeIsLeftOutWhenTheSizeIsUnknownOrZero(_ size: Int64?) {
        let parameters = self.negotiator.negotiate(self.request([("tsize", "0")]), direction: .read(transferSize: size))
        #expect(parameters.acknowledgedOptions.isEmpty)
    }

    @Test func writeEchoesTsizeAndRefusesWindowsize() {
        let parameters = self.negotiator.negotiate(
            self.request([("tsize", "999"), ("windowsize", "8"), ("blksize", "1024")]),
            direction: .write
        )
        #expect(parameters.windowSize == 1)
        #expect(parameters.acknowledgedOptions.map { "\($0.name)=\($0.value)" } == ["tsize=999", "blksize=1024"])
    }

    @Test func maximumBlockSizeForMTU() {
        #expect(TFTPServerConfiguration.maxBlockSize(forMTU: 1500) == 1468)
        #expect(TFTPServerConfiguration.maxBlockSize(forMTU: 1500, ipv6: true) == 1448)
        #expect(TFTPServerConfiguration.maxBlockSize(forMTU: 9000) == 8968)
        #expect(TFTPServerConfiguration.maxBlockSize(forMTU: 10) == 8)
    }
}
