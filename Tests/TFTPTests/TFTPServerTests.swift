import Foundation
import NIOCore
import TFTPWire
import Testing
import TestSupport

@testable import TFTP

/// Real clients nobody here wrote against a real ``TFTPServer`` on 127.0.0.1.
@Suite(.serialized)
struct TFTPServerTests {
    static let files: [(name: String, size: Int)] = [
        ("empty.bin", 0),
        ("small.bin", 1000),
        ("exact512.bin", 512 * 4),
        ("exact1468.bin", 1468 * 3),
        ("medium.bin", 3 * 1_048_576 + 17),
    ]

    static func populate(_ root: String) throws {
        for (index, file) in Self.files.enumerated() {
            try TestServer.writeRandomFile(root + "/" + file.name, size: file.size, seed: UInt64(index + 1))
        }
        try FileManager.default.createDirectory(atPath: root + "/boot/pxelinux.cfg", withIntermediateDirectories: true)
        try Data("DEFAULT linux\nLABEL linux\n  KERNEL vmlinuz\r\n\rend\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/boot/pxelinux.cfg/default"))
    }

    func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.path + "/tftp-out-\(UUID().uuidString)-\(name)"
    }

    func expectSameFile(_ downloaded: String, _ original: String, _ comment: Comment? = nil) async throws {
        #expect(FileManager.default.fileExists(atPath: downloaded), comment)
        let downloadedHash = try await ExternalClient.sha256(downloaded)
        let originalHash = try await ExternalClient.sha256(original)
        #expect(downloadedHash == originalHash, comment)
        try? FileManager.default.removeItem(atPath: downloaded)
    }

    // MARK: - tftp-hpa

    @Test(.enabled(if: ExternalClient.usable("tftp", "sha256sum")))
    func tftpHpaDownloadsEveryFile() async throws {
        let server = try await TestServer.start(populate: Self.populate)
        for file in Self.files {
            let output = self.scratch(file.name)
            let result = try await ExternalClient.run(
                "tftp",
                ["-m", "binary", "127.0.0.1", "\(server.port)", "-c", "get", file.name, output]
            )
            #expect(result.status == 0, "\(result.output)")
            try await self.expectSameFile(output, server.root + "/" + file.name, "\(file.name)")
        }
        try await server.stop()
    }

    // MARK: - curl

    @Test(.enabled(if: ExternalClient.usable("curl", "sha256sum")), arguments: [512, 1024, 1468, 8192, 65464])
    func curlWithBlockSize(_ blockSize: Int) async throws {
        let server = try await TestServer.start(populate: Self.populate)
        for file in Self.files {
            let output = self.scratch(file.name)
            let result = try await ExternalClient.run(
                "curl",
                ["-sS", "--tftp-blksize", "\(blockSize)", "-o", output, "tftp://127.0.0.1:\(server.port)/\(file.name)"]
            )
            #expect(result.status == 0, "\(file.name): \(result.output)")
            try await self.expectSameFile(output, server.root + "/" + file.name, "\(file.name) at blksize \(blockSize)")
        }
        try await server.stop()
    }

    @Test(.enabled(if: ExternalClient.usable("curl", "sha256sum")))
    func writesWhenAllowedAreAtomic() async throws {
        let server = try await TestServer.start(configure: { $0.allowWrites = true }, populate: Self.populate)
        let result = try await ExternalClient.run(
            "curl",
            [
                "-sS", "--tftp-blksize", "1468", "-T", server.root + "/medium.bin",
                "tftp://127.0.0.1:\(server.port)/uploaded.bin",
            ]
        )
        #expect(result.status == 0, "\(result.output)")
        let uploaded = try await ExternalClient.sha256(server.root + "/uploaded.bin")
        #expect(try await uploaded == ExternalClient.sha256(server.root + "/medium.bin"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.root).filter {
            $0.contains(".tftp-")
        }
        #expect(leftovers.isEmpty)
        try await server.stop()
    }

    /// IPv6, and a wildcard listener whose transfers must leave from the IP the request was sent to.
    @Test(
        .enabled(if: ExternalClient.usable("curl", "sha256sum")),
        arguments: [("::1", "[::1]"), ("0.0.0.0", "127.0.0.1"), ("::", "[::1]")]
    )
    func curlOverOtherBindAddresses(_ bindAddress: String, _ urlHost: String) async throws {
        let server = try await TestServer.start(
            configure: { $0.bindAddresses = [try SocketAddress(ipAddress: bindAddress, port: 0)] },
            populate: Self.populate
        )
        let output = self.scratch("medium.bin")
        let result = try await ExternalClient.run(
            "curl",
            ["-sS", "--tftp-blksize", "1468", "-o", output, "tftp://\(urlHost):\(server.port)/medium.bin"]
        )
        #expect(result.status == 0, "\(result.output)")
        try await self.expectSameFile(output, server.root + "/medium.bin")
        try await server.stop()
    }

    // MARK: - atftp

    @Test(
        .enabled(if: ExternalClient.usable("atftp", "sha256sum")),
        arguments: [(1468, 1), (1468, 16), (1468, 64), (512, 8), (8192, 64)]
    )
    func atftpWithWindowSize(_ blockSize: Int, _ windowSize: Int) async throws {
        let server = try await TestServer.start(populate: Self.populate)
        for file in Self.files {
            let output = self.scratch(file.name)
            let result = try await ExternalClient.run(
                "atftp",
                [
                    "--option", "blksize \(blockSize)", "--option", "windowsize \(windowSize)", "--option", "tsize 0",
                    "-g", "-r", file.name, "-l", output, "127.0.0.1", "\(server.port)",
                ]
            )
            #expect(result.status == 0, "\(file.name): \(result.output)")
            try await self.expectSameFile(
                output,
                server.root + "/" + file.name,
                "\(file.name) \(blockSize)/\(windowSize)"
            )
        }
        try await server.stop()
        #expect(server.transferEvents.allSatisfy { $0.windowSize == windowSize && $0.blockSize == blockSize })
    }

    // MARK: - hand-made packets

    static func readRequest(_ name: String, options: [(String, String)] = []) -> [UInt8] {
        var buffer = ByteBuffer()
        let request = TFTPRequest(
            fileName: name,
            mode: .octet,
            options: options.map { TFTPOption(name: $0.0, value: $0.1) }
        )
        buffer.writeTFTPPacket(.readRequest(request))
        return Array(buffer.readableBytesView)
    }

    static func decode(_ bytes: [UInt8]) -> TFTPServerPacket? {
        var buffer = ByteBuffer(bytes: bytes)
        return try? buffer.readTFTPPacket()
    }

    static func ack(_ block: UInt16) -> [UInt8] { [0, 4, UInt8(block >> 8), UInt8(block & 0xFF)] }

    /// RFC 2347: no options, no OACK; options, an OACK with only the accepted ones.
    @Test func optionAcknowledgementOnlyWhenAsked() async throws {
        let server = try await TestServer.start(populate: Self.populate)
        let plain = UDPProbe()
        plain.send(Self.readRequest("small.bin"), port: server.port)
        let first = await plain.receive()
        guard case .data(let data)? = first.flatMap({ Self.decode($0.bytes) }) else {
            Issue.record("expected DATA 1, got \(String(describing: first))")
            return
        }
        #expect(data.block == 1 && data.payload.readableBytes == 512)

        let negotiating = UDPProbe()
        negotiating.send(
            Self.readRequest(
                "small.bin",
                options: [("blksize", "100000"), ("tsize", "0"), ("blksize2", "1"), ("foo", "bar")]
            ),
            port: server.port
        )
        let answer = await negotiating.receive().flatMap { Self.decode($0.bytes) }
        #expect(
            answer
                == .optionAcknowledgement(
                    TFTPOptionAcknowledgement(options: [TFTPOption(name: "tsize", value: "1000")])
                )
        )
        negotiating.send([0, 5, 0, 8] + Array("bye".utf8) + [0], port: server.port)
        try await server.stop()
    }

    /// RFC 1350 §4: a packet from the wrong TID gets error 5 and the transfer goes on.
    @Test func wrongTransferIDGetsError5() async throws {
        let server = try await TestServer.start(populate: Self.populate)
        let client = UDPProbe()
        let intruder = UDPProbe()
        client.send(Self.readRequest("small.bin"), port: server.port)
        guard let first = await client.receive() else {
            Issue.record("no DATA 1")
            return
        }
        #expect(first.port != server.port, "the transfer runs on its own port")
        intruder.send(Self.ack(1), port: first.port)
        let rejection = await intruder.receive().flatMap { Self.decode($0.bytes) }
        guard case .error(let error)? = rejection else {
            Issue.record("expected ERROR 5, got \(String(describing: rejection))")
            return
        }
        #expect(error.code == .unknownTransferID)
        // An ERROR from a wrong TID is not answered: no error ping-pong.
        let quiet = UDPProbe(timeoutMilliseconds: 200)
        quiet.send([0, 5, 0, 0, 0], port: first.port)
        #expect(await quiet.receive() == nil)
        client.send(Self.ack(1), port: first.port)
        let second = await client.receive().flatMap { Self.decode($0.bytes) }
        guard case .data(let data)? = second else {
            Issue.record("expected DATA 2, got \(String(describing: second))")
            return
        }
        #expect(data.block == 2 && data.payload.readableBytes == 1000 - 512)
        client.send(Self.ack(2), port: first.port)
        try await Poll.until("the transfer to be reported") { !server.transferEvents.isEmpty }
        try await server.stop()
        #expect(server.transferEvents.map(\.outcome) == [.completed])
    }

    /// Garbage on the listening port is dropped; a recognisable but illegal request gets error 4; the server lives.
    @Test func malformedDatagramsAreSurvived() async throws {
        let server = try await TestServer.start(populate: Self.populate)
        let probe = UDPProbe(timeoutMilliseconds: 300)
        for garbage: [UInt8] in [[], [0], [0, 9], [0, 3, 0, 1, 1, 2], [0, 4, 0, 0], [0xFF, 0xFF, 0xFF], [0, 5, 0]] {
            probe.send(garbage, port: server.port)
        }
        #expect(await probe.receive() == nil, "garbage must not be answered")
        probe.send([0, 1] + Array("small.bin".utf8) + [0] + Array("binary".utf8) + [0], port: server.port)
        let answer = await probe.receive().flatMap { Self.decode($0.bytes) }
        guard case .error(let error)? = answer else {
            Issue.record("expected ERROR 4, got \(String(describing: answer))")
            return
        }
        #expect(error.code == .illegalOperation)
        probe.send([0, 1] + Array("small.bin".utf8), port: server.port)
        #expect(await probe.receive().flatMap { Self.decode($0.bytes) }.map(\.opcode) == .error)
        // Still serving.
        let client = UDPProbe()
        client.send(Self.readRequest("small.bin"), port: server.port)
        #expect(await client.receive().flatMap { Self.decode($0.bytes) }.map(\.opcode) == .data)
        try await server.stop()
    }

    /// Timeouts retransmit up to the cap, then the transfer is given up and reported.
    @Test func silentClientIsGivenUpAfterTheCap() async throws {
        let server = try await TestServer.start(
            configure: {
                $0.timeout = .milliseconds(50)
                $0.maxRetransmits = 3
            },
            populate: Self.populate
        )
        let client = UDPProbe(timeoutMilliseconds: 400)
        client.send(Self.readRequest("small.bin"), port: server.port)
        var received = 0
        while await client.receive() != nil {
            received += 1
        }
        #expect(received == 4, "DATA 1 once plus 3 retransmissions")
        try await server.stop()
        #expect(server.transferEvents.count == 1)
        #expect(server.transferEvents.first?.outcome == .failed(reason: TFTPError.timedOut(retransmits: 3).description))
    }

    /// One transfer loop, waiting in its only transfer's `recvfrom` while that client is silent: a second transfer
    /// is still taken up and served to the end, and the silent client still gets its retransmission.
    @Test func aLoopWaitingOnASilentClientStillServesANewOne() async throws {
        let server = try await TestServer.start(
            configure: {
                $0.transferThreads = 1
                $0.timeout = .seconds(1)
            },
            populate: Self.populate)
        let silent = UDPProbe()
        silent.send(Self.readRequest("medium.bin"), port: server.port)
        let first = await silent.receive().flatMap { Self.decode($0.bytes) }
        guard case .data(let data)? = first, data.block == 1 else {
            Issue.record("expected DATA 1, got \(String(describing: first))")
            return
        }
        try await Poll.until("the silent transfer to be registered") { server.server.activeTransfers == 1 }

        let client = UDPProbe()
        client.send(Self.readRequest("small.bin"), port: server.port)
        var expected: [(block: UInt16, bytes: Int)] = [(1, 512), (2, 1000 - 512)]
        while let (block, bytes) = expected.first {
            guard let reply = await client.receive(), case .data(let data)? = Self.decode(reply.bytes) else {
                Issue.record("no DATA \(block) while the other client is silent")
                break
            }
            #expect(data.block == block && data.payload.readableBytes == bytes)
            client.send(Self.ack(block), port: reply.port)
            expected.removeFirst()
        }
        try await Poll.until("the second transfer to be reported") { !server.transferEvents.isEmpty }
        #expect(server.transferEvents.map(\.fileName) == ["small.bin"])
        #expect(server.transferEvents.map(\.outcome) == [.completed])

        let again = await silent.receive().flatMap { Self.decode($0.bytes) }
        guard case .data(let retransmitted)? = again else {
            Issue.record("expected DATA 1 again, got \(String(describing: again))")
            return
        }
        #expect(retransmitted.block == 1)
        try await server.stop()
    }

    /// Each transfer gets a thread of its own up to `transferThreads`: an idle one is used again, and beyond the limit
    /// new transfers share the threads there are and are still served.
    @Test func transfersGetAThreadEachUpToTheLimit() async throws {
        let server = try await TestServer.start(configure: { $0.transferThreads = 3 }, populate: Self.populate)
        func startSilent() async -> UDPProbe {
            let client = UDPProbe()
            client.send(Self.readRequest("medium.bin"), port: server.port)
            let first = await client.receive().flatMap { Self.decode($0.bytes) }
            guard case .data(let data)? = first, data.block == 1 else {
                Issue.record("expected DATA 1, got \(String(describing: first))")
                return client
            }
            return client
        }
        func download() async throws {
            let before = server.transferEvents.count
            let client = UDPProbe()
            client.send(Self.readRequest("small.bin"), port: server.port)
            for block in UInt16(1)...2 {
                guard let reply = await client.receive(), case .data(let data)? = Self.decode(reply.bytes),
                    data.block == block
                else {
                    Issue.record("no DATA \(block)")
                    return
                }
                client.send(Self.ack(block), port: reply.port)
            }
            try await Poll.until("the download to be reported") { server.transferEvents.count == before + 1 }
        }
        let silent = [await startSilent(), await startSilent()]
        try await Poll.until("two transfers registered") { server.server.activeTransfers == 2 }
        #expect(server.server.transferThreads == 2)
        try await download()
        #expect(server.server.transferThreads == 3)
        try await download()
        #expect(server.server.transferThreads == 3, "the finished download's thread serves the next one")
        let beyond = [await startSilent(), await startSilent()]
        try await Poll.until("four transfers registered") { server.server.activeTransfers == 4 }
        #expect(server.server.transferThreads == 3)
        try await download()
        #expect(server.transferEvents.map(\.outcome).allSatisfy { $0 == .completed })
        try await server.stop()
        withExtendedLifetime((silent, beyond)) {}
    }

    /// Threads left idle by transfers that ended (here: silent clients given up on) end after
    /// ``TFTPTransferLoop/idleLifetime``, but for one.
    @Test func idleTransferThreadsEnd() async throws {
        let server = try await TestServer.start(
            configure: {
                $0.transferThreads = 8
                $0.timeout = .milliseconds(100)
                $0.maxRetransmits = 1
            },
            populate: Self.populate)
        let clients = (0..<3).map { _ in UDPProbe() }
        for client in clients {
            client.send(Self.readRequest("medium.bin"), port: server.port)
        }
        try await Poll.until("three transfers registered") { server.server.activeTransfers == 3 }
        #expect(server.server.transferThreads == 3)
        try await Poll.until("the transfers to be given up") { server.transferEvents.count == 3 }
        #expect(server.server.transferThreads == 3, "threads stay a while for the next transfers")
        try await Poll.until("idle threads to end", timeout: 10) { server.server.transferThreads == 1 }
        withExtendedLifetime(clients) {}
        try await server.stop()
    }

    /// Shutdown ends transfers in flight and returns.
    @Test func stopEndsTransfersInFlight() async throws {
        let server = try await TestServer.start(populate: Self.populate)
        let client = UDPProbe()
        client.send(Self.readRequest("medium.bin"), port: server.port)
        #expect(await client.receive() != nil)
        try await Poll.until("the transfer to be registered") { server.server.activeTransfers > 0 }
        #expect(server.server.activeTransfers == 1)
        try await server.stop()
        #expect(server.server.activeTransfers == 0)
        #expect(server.transferEvents.count == 1)
    }

    /// The default rate limit lets 1,000 transfers from one address start at once (with the per-client cap raised).
    @Test func aThousandConcurrentTransfersStart() async throws {
        let server = try await TestServer.start(configure: { $0.maxTransfersPerClient = 1000 }, populate: Self.populate)
        let clients = (0..<1000).map { _ in UDPProbe() }
        for client in clients {
            client.send(Self.readRequest("small.bin"), port: server.port)
        }
        var started = 0
        for client in clients {
            if case .data(let data)? = await client.receive().flatMap({ Self.decode($0.bytes) }), data.block == 1 {
                started += 1
            }
        }
        #expect(started == 1000)
        try await server.stop()
    }

    /// Beyond `maxTransfers` a request is told the server is busy (ERROR 0), and served again once one ends.
    @Test func requestsBeyondTheCapAreToldTheServerIsBusy() async throws {
        let server = try await TestServer.start(
            configure: {
                $0.maxTransfers = 10
                $0.timeout = .milliseconds(100)
                $0.maxRetransmits = 1
            },
            populate: Self.populate
        )
        let clients = (0..<15).map { UDPProbe(timeoutMilliseconds: 1000, source: "127.0.0.\($0 + 2)") }
        for client in clients { client.send(Self.readRequest("small.bin"), port: server.port) }
        var (started, busy) = (0, 0)
        for client in clients {
            switch await client.receive().flatMap({ Self.decode($0.bytes) }) {
            case .data?: started += 1
            case .error(let packet)? where packet.code == .notDefined && packet.message.contains("busy"): busy += 1
            default: break
            }
        }
        #expect(started == 10 && busy == 5, "\(started) started, \(busy) busy")
        // The silent ones are given up after the retransmission cap; then a new request is served.
        try await Poll.until("the silent transfers to be given up") { server.server.activeTransfers == 0 }
        let late = UDPProbe(source: "127.0.0.30")
        late.send(Self.readRequest("small.bin"), port: server.port)
        if case .data? = await late.receive().flatMap({ Self.decode($0.bytes) }) {
        } else {
            Issue.record("a request after the silent transfers ended was not served")
        }
        try await server.stop()
    }

    /// One client IP holds at most `maxTransfersPerClient` transfers; another client is still served.
    @Test func oneClientCannotTakeEveryTransfer() async throws {
        let server = try await TestServer.start(configure: { $0.maxTransfersPerClient = 4 }, populate: Self.populate)
        let greedy = (0..<6).map { _ in UDPProbe(timeoutMilliseconds: 1000) }
        for client in greedy { client.send(Self.readRequest("medium.bin"), port: server.port) }
        var (started, busy) = (0, 0)
        for client in greedy {
            switch await client.receive().flatMap({ Self.decode($0.bytes) }) {
            case .data?: started += 1
            case .error(let packet)? where packet.code == .notDefined: busy += 1
            default: break
            }
        }
        #expect(started == 4 && busy == 2, "\(started) started, \(busy) busy")
        let other = UDPProbe(source: "127.0.0.2")
        other.send(Self.readRequest("small.bin"), port: server.port)
        if case .data? = await other.receive().flatMap({ Self.decode($0.bytes) }) {
        } else {
            Issue.record("another client was not served while the first held its limit")
        }
        try await server.stop()
    }

    @Test func rateLimitDropsExcessRequests() async throws {
        let server = try await TestServer.start(
            configure: { $0.rateLimit = .init(burst: 2, refillPerSecond: 0.001) },
            populate: Self.populate
        )
        let probe = UDPProbe(timeoutMilliseconds: 300)
        for _ in 0..<3 {
            probe.send(Self.readRequest("missing"), port: server.port)
        }
        var answers = 0
        while await probe.receive() != nil {
            answers += 1
        }
        #expect(answers == 2)
        try await server.stop()
    }
}
