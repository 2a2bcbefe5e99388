import Testing
import ThinClient

struct TFTPPacketTests {
    static let cases: [(TFTPPacket, [UInt8])] = [
        (
            .readRequest(filename: "KIWI/lts.conf", mode: "octet", options: [TFTPOption("blksize", "1468")]),
            [0, 1] + Array("KIWI/lts.conf".utf8) + [0] + Array("octet".utf8) + [0] + Array("blksize".utf8) + [0]
                + Array("1468".utf8) + [0]
        ),
        (.readRequest(filename: "a", mode: "octet", options: []), [0, 1, 0x61, 0, 0x6f, 0x63, 0x74, 0x65, 0x74, 0]),
        (.data(block: 0x0102, payload: [9, 8, 7]), [0, 3, 1, 2, 9, 8, 7]),
        (.data(block: 7, payload: []), [0, 3, 0, 7]),
        (.acknowledgement(block: 0xfffe), [0, 4, 0xff, 0xfe]),
        (.error(code: 1, message: "File not found"), [0, 5, 0, 1] + Array("File not found".utf8) + [0]),
        (
            .optionAcknowledgement([TFTPOption("blksize", "512")]),
            [0, 6] + Array("blksize".utf8) + [0, 0x35, 0x31, 0x32, 0]
        ),
    ]

    @Test(arguments: cases)
    func encodesAndDecodes(packet: TFTPPacket, bytes: [UInt8]) throws {
        #expect(packet.bytes == bytes)
        #expect(try TFTPPacket(decoding: bytes) == packet)
    }

    /// A request cut anywhere throws, except right after the mode, where it is a whole request without options.
    @Test func everyTruncationOfARequest() throws {
        let bytes = Self.cases[0].1
        let withoutOptions = 2 + "KIWI/lts.conf".utf8.count + 1 + "octet".utf8.count + 1
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            if length == withoutOptions {
                #expect(
                    try TFTPPacket(decoding: prefix)
                        == .readRequest(
                            filename: "KIWI/lts.conf", mode: "octet",
                            options: []))
            } else {
                #expect(throws: TFTPPacketError.self, "length \(length)") { try TFTPPacket(decoding: prefix) }
            }
        }
    }

    @Test(arguments: [
        ([UInt8](), TFTPPacketError.truncated),
        ([0], .truncated),
        ([0, 3, 1], .truncated),
        ([0, 4], .truncated),
        ([0, 9, 0, 0], .unknownOpcode(9)),
        ([0, 6, 0x61, 0], .unpairedOption),
        ([0, 6, 0x61], .unterminatedString),
    ])
    func malformed(bytes: [UInt8], error: TFTPPacketError) {
        #expect(throws: error) { try TFTPPacket(decoding: bytes) }
    }

    @Test func errorMessageWithoutItsNULIsTaken() throws {
        #expect(try TFTPPacket(decoding: [0, 5, 0, 2, 0x6e, 0x6f]) == .error(code: 2, message: "no"))
    }
}
