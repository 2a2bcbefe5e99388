import Foundation
import NIOCore
import NIOPosix
import Synchronization

@testable import TFTP

/// A real ``TFTPServer`` on 127.0.0.1 with an ephemeral port and a scratch root directory.
final class TestServer: Sendable {
    let server: TFTPServer
    let task: Task<Void, any Error>
    let port: Int
    let root: String
    private let log: EventLog

    final class EventLog: Sendable {
        let events = Mutex<[TFTPTransferEvent]>([])
    }

    static func start(
        configure: (inout TFTPServerConfiguration) throws -> Void = { _ in },
        populate: (String) throws -> Void
    ) async throws -> TestServer {
        let root = FileManager.default.temporaryDirectory.path + "/tftp-root-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try populate(root)
        var configuration = TFTPServerConfiguration(bindAddresses: [try SocketAddress(ipAddress: "127.0.0.1", port: 0)])
        configuration.timeout = .milliseconds(500)
        try configure(&configuration)
        return try await TestServer(configuration: configuration, root: root)
    }

    private init(configuration: TFTPServerConfiguration, root: String) async throws {
        let log = EventLog()
        let server = TFTPServer(
            configuration: configuration,
            source: try TFTPDirectorySource(root: root),
            onTransfer: { event in log.events.withLock { $0.append(event) } }
        )
        self.log = log
        self.server = server
        self.root = root
        self.task = Task { try await server.run() }
        let addresses = try await server.boundAddresses()
        self.port = addresses.first?.port ?? 0
    }

    var transferEvents: [TFTPTransferEvent] { self.log.events.withLock { $0 } }

    func stop() async throws {
        self.task.cancel()
        try await self.task.value
        try? FileManager.default.removeItem(atPath: self.root)
    }

    /// Writes `size` pseudo-random bytes to `name` under the root.
    static func writeRandomFile(_ path: String, size: Int, seed: UInt64 = 42) throws {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: size)
        for index in stride(from: 0, to: size, by: 8) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var value = state
            for offset in index..<min(index + 8, size) {
                bytes[offset] = UInt8(truncatingIfNeeded: value >> 33)
                value = value &* 31 &+ 17
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
