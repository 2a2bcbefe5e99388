import Foundation
import Logging
import NBD
import NIOCore
import NIOPosix

/// An ``NBDServer`` running in the test process on 127.0.0.1 with a free port, stopped by ``stop()``.
final class NBDTestServer: Sendable {
    let server: NBDServer
    let port: Int
    private let task: Task<Void, any Error>

    init(
        exports: [NBDExportDefinition], swap: NBDSwapExportDefinition? = nil, maxPayload: Int = 32 << 20,
        maxConnections: Int = 1024, onEvent: (@Sendable (NBDConnectionEvent) -> Void)? = nil
    ) async throws {
        var logger = Logger(label: "nbd-test")
        logger.logLevel = ProcessInfo.processInfo.environment["KIWI_NBD_LOG"] == nil ? .critical : .debug
        let configuration = NBDServerConfiguration(
            bindAddresses: [try SocketAddress(ipAddress: "127.0.0.1", port: 0)],
            exports: exports, swap: swap, maxPayload: maxPayload, maxConnections: maxConnections
        )
        let server = NBDServer(configuration: configuration, logger: logger, onEvent: onEvent)
        self.server = server
        self.task = Task { try await server.run() }
        guard let port = try await server.boundAddresses().first?.port else {
            throw NBDTestError("server bound no address")
        }
        self.port = port
    }

    /// `nbd://127.0.0.1:PORT/NAME`.
    func uri(_ name: String = "") -> String {
        "nbd://127.0.0.1:\(self.port)/\(name)"
    }

    func stop() async {
        self.task.cancel()
        _ = try? await self.task.value
    }
}

struct NBDTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
