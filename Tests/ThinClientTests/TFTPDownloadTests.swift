import TFTPWire
import Testing
import ThinClient

/// The download state machine fed hand-made packets; time is a number, nothing sleeps.
struct TFTPDownloadTests {
    static let request = TFTPClientPacket.readRequest(
        TFTPRequest(fileName: "KIWI/lts.conf", mode: .octet, options: [TFTPOption(name: "blksize", value: "1468")]))
    static let serverPort: UInt16 = 40_000

    static func started(_ settings: TFTPDownload.Settings = TFTPDownload.Settings()) -> TFTPDownload {
        var download = TFTPDownload(filename: "KIWI/lts.conf", settings: settings)
        #expect(download.start(now: .zero) == [.send(request, toPort: 69)])
        return download
    }

    static func bytes(_ count: Int, _ value: UInt8) -> [UInt8] { [UInt8](repeating: value, count: count) }

    @Test func optionAcknowledgementThenDataWithAShortLastBlock() {
        var download = Self.started()
        let oack = TFTPClientPacket.optionAcknowledgement(options: [TFTPOption(name: "BLKSIZE", value: "1024")]).bytes
        #expect(
            download.receive(oack, fromPort: Self.serverPort, now: .milliseconds(5))
                == [.send(.acknowledgement(block: 0), toPort: Self.serverPort)])
        let first = Self.bytes(1024, 1)
        #expect(
            download.receive(
                TFTPClientPacket.data(block: 1, payload: first).bytes, fromPort: Self.serverPort,
                now: .milliseconds(6)) == [.send(.acknowledgement(block: 1), toPort: Self.serverPort)])
        #expect(!download.isOver)
        let last = Self.bytes(10, 2)
        #expect(
            download.receive(
                TFTPClientPacket.data(block: 2, payload: last).bytes, fromPort: Self.serverPort,
                now: .milliseconds(7))
                == [.send(.acknowledgement(block: 2), toPort: Self.serverPort), .finished(first + last)])
        #expect(download.isOver && download.deadline == nil)
    }

    /// RFC 2347 §3: a server without option support answers with DATA 1 in 512-byte blocks.
    @Test func serverIgnoringOptionsSendsDataIn512ByteBlocks() {
        var download = Self.started()
        let block = Self.bytes(512, 3)
        #expect(
            download.receive(
                TFTPClientPacket.data(block: 1, payload: block).bytes, fromPort: Self.serverPort,
                now: .zero) == [.send(.acknowledgement(block: 1), toPort: Self.serverPort)])
        #expect(
            download.receive(TFTPClientPacket.data(block: 2, payload: []).bytes, fromPort: Self.serverPort, now: .zero)
                == [.send(.acknowledgement(block: 2), toPort: Self.serverPort), .finished(block)])
    }

    @Test func emptyFileIsOneEmptyBlock() {
        var download = Self.started()
        #expect(
            download.receive(TFTPClientPacket.data(block: 1, payload: []).bytes, fromPort: 1234, now: .zero)
                == [.send(.acknowledgement(block: 1), toPort: 1234), .finished([])])
    }

    @Test func fileNotFoundEndsTheTransfer() {
        var download = Self.started()
        let error = TFTPClientPacket.error(code: .fileNotFound, message: "File not found").bytes
        #expect(
            download.receive(error, fromPort: Self.serverPort, now: .zero)
                == [.failed(.server(code: .fileNotFound, message: "File not found"))])
        #expect(download.isOver)
        #expect(download.timeout(now: .seconds(20)) == [])
        #expect(
            TFTPDownloadError.server(code: .fileNotFound, message: "File not found").description
                == "not found on the server (TFTP error 1: File not found)")
    }

    /// RFC 1350 §4: once the transfer port is known, a packet from another port gets error 5 and changes nothing.
    @Test func packetFromAnotherPortIsAnsweredWithErrorFiveAndIgnored() {
        var download = Self.started()
        _ = download.receive(
            TFTPClientPacket.optionAcknowledgement(options: [TFTPOption(name: "blksize", value: "512")]).bytes,
            fromPort: Self.serverPort, now: .zero)
        let stray = TFTPClientPacket.data(block: 1, payload: [0x66]).bytes
        #expect(
            download.receive(stray, fromPort: 50_000, now: .zero)
                == [.send(.error(code: .unknownTransferID, message: "Unknown transfer ID"), toPort: 50_000)])
        let error = TFTPClientPacket.error(code: .notDefined, message: "go away").bytes
        #expect(
            download.receive(error, fromPort: 50_001, now: .zero)
                == [.send(.error(code: .unknownTransferID, message: "Unknown transfer ID"), toPort: 50_001)])
        #expect(!download.isOver)
        #expect(
            download.receive(
                TFTPClientPacket.data(block: 1, payload: [0x61]).bytes, fromPort: Self.serverPort,
                now: .zero)
                == [.send(.acknowledgement(block: 1), toPort: Self.serverPort), .finished([0x61])])
    }

    @Test func duplicateBlockIsAcknowledgedAgainAndNotAppended() {
        var download = Self.started()
        _ = download.receive(
            TFTPClientPacket.optionAcknowledgement(options: [TFTPOption(name: "blksize", value: "8")]).bytes,
            fromPort: Self.serverPort, now: .zero)
        #expect(
            download.receive(
                TFTPClientPacket.optionAcknowledgement(options: [TFTPOption(name: "blksize", value: "8")]).bytes,
                fromPort: Self.serverPort, now: .zero)
                == [.send(.acknowledgement(block: 0), toPort: Self.serverPort)])
        let block = TFTPClientPacket.data(block: 1, payload: Self.bytes(8, 1)).bytes
        _ = download.receive(block, fromPort: Self.serverPort, now: .zero)
        #expect(
            download.receive(block, fromPort: Self.serverPort, now: .zero)
                == [.send(.acknowledgement(block: 1), toPort: Self.serverPort)])
        #expect(
            download.receive(TFTPClientPacket.data(block: 5, payload: []).bytes, fromPort: Self.serverPort, now: .zero)
                == [])
        #expect(
            download.receive(TFTPClientPacket.data(block: 2, payload: [7]).bytes, fromPort: Self.serverPort, now: .zero)
                == [.send(.acknowledgement(block: 2), toPort: Self.serverPort), .finished(Self.bytes(8, 1) + [7])])
    }

    @Test func garbageIsIgnored() {
        var download = Self.started()
        #expect(download.receive([0, 9, 1], fromPort: Self.serverPort, now: .zero) == [])
        #expect(download.receive([], fromPort: Self.serverPort, now: .zero) == [])
        #expect(
            download.receive(TFTPClientPacket.acknowledgement(block: 1).bytes, fromPort: Self.serverPort, now: .zero)
                == [])
        #expect(!download.isOver)
    }

    @Test func lastPacketIsRetransmittedOnTimeoutUntilTheOverallLimit() {
        var download = Self.started()
        #expect(download.deadline == .seconds(1))
        #expect(download.timeout(now: .milliseconds(999)) == [])
        #expect(download.timeout(now: .seconds(1)) == [.send(Self.request, toPort: 69)])
        #expect(download.deadline == .seconds(2))
        _ = download.receive(
            TFTPClientPacket.optionAcknowledgement(options: [TFTPOption(name: "blksize", value: "1468")]).bytes,
            fromPort: Self.serverPort,
            now: .milliseconds(1500))
        #expect(
            download.timeout(now: .milliseconds(2500))
                == [.send(.acknowledgement(block: 0), toPort: Self.serverPort)])
        #expect(download.deadline == .seconds(3) + .milliseconds(500))
        #expect(download.timeout(now: .seconds(10)) == [.failed(.timedOut(.seconds(10)))])
        #expect(download.isOver)
        #expect(TFTPDownloadError.timedOut(.seconds(10)).description == "no answer from the TFTP server within 10 s")
    }

    @Test func deadlineNeverPassesTheOverallLimit() {
        var settings = TFTPDownload.Settings()
        settings.overallLimit = .milliseconds(1500)
        var download = Self.started(settings)
        _ = download.timeout(now: .seconds(1))
        #expect(download.deadline == .milliseconds(1500))
    }

    /// RFC 2347 §4: error 8 refuses the options; the client asks again without them.
    @Test func refusedOptionsAreDroppedOnce() {
        var download = Self.started()
        let plain = TFTPClientPacket.readRequest(TFTPRequest(fileName: "KIWI/lts.conf", mode: .octet))
        let refusal = TFTPClientPacket.error(code: .optionNegotiationFailed, message: "no options").bytes
        #expect(download.receive(refusal, fromPort: Self.serverPort, now: .zero) == [.send(plain, toPort: 69)])
        #expect(
            download.receive(refusal, fromPort: Self.serverPort, now: .zero)
                == [.failed(.server(code: .optionNegotiationFailed, message: "no options"))])
    }

    @Test(arguments: [
        ([TFTPOption(name: "blksize", value: "4096")], "blksize=4096"),
        ([TFTPOption(name: "blksize", value: "7")], "blksize=7"),
        ([TFTPOption(name: "blksize", value: "big")], "blksize=big"),
        ([TFTPOption(name: "windowsize", value: "16")], "windowsize=16"),
    ])
    func unusableOptionAcknowledgementIsRefused(options: [TFTPOption], detail: String) {
        var download = Self.started()
        #expect(
            download.receive(
                TFTPClientPacket.optionAcknowledgement(options: options).bytes, fromPort: Self.serverPort,
                now: .zero)
                == [
                    .send(
                        .error(code: .optionNegotiationFailed, message: "Unacceptable option \(detail)"),
                        toPort: Self.serverPort),
                    .failed(.badOptionAcknowledgement(detail)),
                ])
    }

    @Test func fileLargerThanTheLimitIsRefused() {
        var settings = TFTPDownload.Settings()
        settings.maximumSize = 1000
        var download = Self.started(settings)
        _ = download.receive(
            TFTPClientPacket.optionAcknowledgement(options: [TFTPOption(name: "blksize", value: "512")]).bytes,
            fromPort: Self.serverPort, now: .zero)
        _ = download.receive(
            TFTPClientPacket.data(block: 1, payload: Self.bytes(512, 0)).bytes, fromPort: Self.serverPort,
            now: .zero)
        #expect(
            download.receive(
                TFTPClientPacket.data(block: 2, payload: Self.bytes(512, 0)).bytes,
                fromPort: Self.serverPort, now: .zero)
                == [
                    .send(.error(code: .diskFull, message: "File larger than 1000 bytes"), toPort: Self.serverPort),
                    .failed(.tooLarge(limit: 1000)),
                ])
    }

    /// RFC 1350 block numbers are 16 bits: block 65,535 is followed by block 0.
    @Test func blockNumberRollsOver() {
        var download = Self.started()
        _ = download.receive(
            TFTPClientPacket.optionAcknowledgement(options: [TFTPOption(name: "blksize", value: "8")]).bytes,
            fromPort: Self.serverPort, now: .zero)
        for block in 1...UInt16.max {
            _ = download.receive(
                TFTPClientPacket.data(block: block, payload: Self.bytes(8, 0)).bytes,
                fromPort: Self.serverPort, now: .zero)
        }
        let actions = download.receive(
            TFTPClientPacket.data(block: 0, payload: [1]).bytes, fromPort: Self.serverPort,
            now: .zero)
        #expect(actions.first == .send(.acknowledgement(block: 0), toPort: Self.serverPort))
        guard case .finished(let bytes) = actions.last else {
            Issue.record("no finish: \(actions.count) actions")
            return
        }
        #expect(bytes.count == Int(UInt16.max) * 8 + 1)
    }
}
