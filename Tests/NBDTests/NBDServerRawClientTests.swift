import Foundation
import NBD
import NBDWire
import NIOCore
import Synchronization
import Testing

/// The server against exact bytes from a small socket client: errors, violations, many connections, shutdown.
@Suite(.serialized) struct NBDServerRawClientTests {
    private static let size = 1 << 20

    private func withServer(
        maxPayload: Int = 1 << 20, maxConnections: Int = 1024,
        onEvent: (@Sendable (NBDConnectionEvent) -> Void)? = nil,
        _ body: (NBDTestServer, Data) async throws -> Void
    ) async throws {
        let image = try TestImage("raw")
        defer { image.remove() }
        let path = try image.write("amd64.img", size: Self.size)
        let server = try await NBDTestServer(
            exports: [NBDExportDefinition(name: "amd64", path: path)],
            maxPayload: maxPayload, maxConnections: maxConnections,
            onEvent: onEvent)
        do {
            try await body(server, try image.contents("amd64.img"))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func readWorks(_ server: NBDTestServer, _ contents: Data) throws {
        let client = try RawNBDClient(port: server.port)
        #expect(try client.attach("amd64") == UInt64(Self.size))
        try client.request(.read, handle: 1, offset: 4096, length: 512)
        #expect(try client.receiveReply() == (0, 1))
        #expect(Array(try client.receive(512).readableBytesView) == Array(contents[4096..<4608]))
    }

    @Test func errorsKeepTheConnectionAndPipelinedRepliesCarryTheirHandles() async throws {
        try await self.withServer { server, contents in
            let client = try RawNBDClient(port: server.port)
            try client.attach("amd64")
            try client.request(NBDCommand(rawValue: 42), handle: 10, offset: 0, length: 0)
            try client.request(.read, handle: 11, offset: UInt64(Self.size) - 100, length: 512)
            try client.request(.read, handle: 12, offset: 0, length: (1 << 20) + 1)
            try client.request(.write, handle: 13, offset: 0, length: 4, payload: [1, 2, 3, 4])
            try client.request(.trim, handle: 14, offset: 0, length: 4)
            try client.request(.read, handle: 15, offset: 0, length: 8)
            #expect(try client.receiveReply() == (22, 10))
            #expect(try client.receiveReply() == (22, 11))
            #expect(try client.receiveReply() == (22, 12))
            #expect(try client.receiveReply() == (1, 13))
            #expect(try client.receiveReply() == (1, 14))
            #expect(try client.receiveReply() == (0, 15))
            #expect(Array(try client.receive(8).readableBytesView) == Array(contents[0..<8]))
            try client.request(.disconnect, handle: 16, offset: 0, length: 0)
            #expect(client.isClosedByServer())
        }
    }

    /// With `maxConnections` open, the next connection is closed before the greeting; once one closes, a new one is
    /// served.
    @Test func connectionsBeyondTheCapAreClosedAtOnce() async throws {
        try await self.withServer(maxConnections: 3) { server, contents in
            var held = try (0..<3).map { _ in try RawNBDClient(port: server.port) }
            for client in held {
                var greeting = try client.receive(8)
                #expect(greeting.readString(length: 8) == "NBDMAGIC")
            }
            let refused = try RawNBDClient(port: server.port)
            var byte: UInt8 = 0
            #expect(recv(refused.descriptor, &byte, 1, 0) == 0, "a fourth connection got more than a close")
            held.removeLast()
            for _ in 0..<100 where server.server.activeConnections > 2 { try await Task.sleep(for: .milliseconds(10)) }
            try self.readWorks(server, contents)
            #expect(held.count == 2)
        }
    }

    @Test func badRequestMagicClosesThatConnectionOnly() async throws {
        try await self.withServer { server, contents in
            let other = try RawNBDClient(port: server.port)
            try other.attach("amd64")
            let client = try RawNBDClient(port: server.port)
            try client.attach("amd64")
            try client.send([UInt8](repeating: 0xEE, count: 28))
            #expect(client.isClosedByServer())
            try other.request(.read, handle: 2, offset: 0, length: 16)
            #expect(try other.receiveReply() == (0, 2))
            #expect(Array(try other.receive(16).readableBytesView) == Array(contents[0..<16]))
            try self.readWorks(server, contents)
        }
    }

    @Test func oversizeWriteClosesBecauseItsPayloadCannotBeSkipped() async throws {
        try await self.withServer { server, contents in
            let client = try RawNBDClient(port: server.port)
            try client.attach("amd64")
            try client.request(.write, handle: 3, offset: 0, length: (1 << 20) + 1)
            #expect(client.isClosedByServer())
            try self.readWorks(server, contents)
        }
    }

    @Test func badOptionMagicAndUnknownClientFlagsClose() async throws {
        try await self.withServer { server, contents in
            let flags = try RawNBDClient(port: server.port)
            try flags.greet(flags: 0x80)
            #expect(flags.isClosedByServer())
            let magic = try RawNBDClient(port: server.port)
            try magic.greet()
            try magic.send(Array("IHAVEOPX".utf8) + [0, 0, 0, 3, 0, 0, 0, 0])
            #expect(magic.isClosedByServer())
            try self.readWorks(server, contents)
        }
    }

    @Test func optionHagglingOverTheWire() async throws {
        try await self.withServer { server, _ in
            let client = try RawNBDClient(port: server.port)
            try client.greet(flags: 1)
            try client.send { $0.writeNBDOption(NBDOptionCode(rawValue: 77)) }
            #expect(try client.receiveOptionReply().type == NBDOptionReplyType.errorUnsupported.rawValue)
            try client.send { $0.writeNBDOption(.structuredReply) }
            #expect(try client.receiveOptionReply().type == NBDOptionReplyType.errorUnsupported.rawValue)
            var query = ByteBuffer()
            query.writeNBDExportQuery(NBDExportQuery(name: "i386", requestedInformation: []))
            try client.send { $0.writeNBDOption(.info, data: query) }
            #expect(try client.receiveOptionReply().type == NBDOptionReplyType.errorUnknown.rawValue)
            try client.send { $0.writeNBDOption(.list) }
            var server = try client.receiveOptionReply()
            #expect(server.type == NBDOptionReplyType.server.rawValue)
            #expect(server.data.readInteger(as: UInt32.self) == 5)
            #expect(server.data.readString(length: 5) == "amd64")
            #expect(try client.receiveOptionReply().type == NBDOptionReplyType.ack.rawValue)
            // NBD_OPT_EXPORT_NAME without NBD_FLAG_C_NO_ZEROES: size, flags, 124 zero bytes.
            try client.send { $0.writeNBDOption(.exportName, data: ByteBuffer(string: "amd64")) }
            var reply = try client.receive(134)
            #expect(reply.readInteger(as: UInt64.self) == UInt64(Self.size))
            #expect(reply.readInteger(as: UInt16.self) == NBDFileExport.flags.rawValue)
            #expect(reply.readableBytesView.allSatisfy { $0 == 0 })
            try client.request(.read, handle: 5, offset: 0, length: 1)
            #expect(try client.receiveReply() == (0, 5))
        }
    }

    @Test func exportNameForAnUnknownExportCloses() async throws {
        try await self.withServer { server, _ in
            let client = try RawNBDClient(port: server.port)
            try client.greet()
            try client.send { $0.writeNBDOption(.exportName, data: ByteBuffer(string: "i386")) }
            #expect(client.isClosedByServer())
        }
    }

    @Test func twoHundredConcurrentConnectionsAreServed() async throws {
        try await self.withServer { server, contents in
            var clients: [RawNBDClient] = []
            for _ in 0..<200 { clients.append(try RawNBDClient(port: server.port)) }
            for client in clients { try client.attach("amd64") }
            for (index, client) in clients.enumerated() {
                let offset = index * 4096
                try client.request(.read, handle: UInt64(index), offset: UInt64(offset), length: 64)
            }
            for (index, client) in clients.enumerated() {
                let offset = index * 4096
                #expect(try client.receiveReply() == (0, UInt64(index)))
                #expect(Array(try client.receive(64).readableBytesView) == Array(contents[offset..<offset + 64]))
            }
            #expect(server.server.activeConnections == 200)
        }
    }

    @Test func eventsReportAttachAndDetachWithBytesRead() async throws {
        let events = Mutex<[NBDConnectionEvent]>([])
        try await self.withServer(onEvent: { event in events.withLock { $0.append(event) } }) { server, _ in
            let client = try RawNBDClient(port: server.port)
            try client.attach("")
            try client.request(.read, handle: 1, offset: 0, length: 1000)
            _ = try client.receiveReply()
            _ = try client.receive(1000)
            try client.request(.disconnect, handle: 2, offset: 0, length: 0)
            #expect(client.isClosedByServer())
            for _ in 0..<100 where events.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(20)) }
            let seen = events.withLock { $0 }
            #expect(seen.map(\.kind) == [.attached, .detached])
            #expect(seen.allSatisfy { $0.exportName == "amd64" })
            #expect(seen.last?.bytesRead == 1000)
        }
    }

    @Test func stoppingTheServerClosesConnections() async throws {
        let image = try TestImage("raw-stop")
        defer { image.remove() }
        let path = try image.write("amd64.img", size: Self.size)
        let server = try await NBDTestServer(exports: [NBDExportDefinition(name: "amd64", path: path)])
        let client = try RawNBDClient(port: server.port)
        try client.attach("amd64")
        await server.stop()
        #expect(client.isClosedByServer())
        #expect(throws: (any Error).self) { try RawNBDClient(port: server.port) }
    }
}
