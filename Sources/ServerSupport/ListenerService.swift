import Logging
import NIOCore
import ServiceLifecycle

/// The life of a server's listening sockets, shared by the TFTP and NBD servers: bind (publishing the addresses
/// or the error), serve until graceful shutdown or task cancellation (or until every listener closed by itself),
/// then close the listeners, end what is in flight and wait until it has drained.
public enum ListenerService {
    public static func run(
        name: String,
        logger: Logger,
        binding: BoundAddresses,
        bind: () async throws -> [any Channel],
        shutDown: @escaping @Sendable () -> Void,
        drained: () async -> Void
    ) async throws {
        let listeners: [any Channel]
        do {
            listeners = try await bind()
        } catch {
            binding.publish(.failure(error))
            throw error
        }
        let addresses = listeners.compactMap(\.localAddress)
        binding.publish(.success(addresses))
        logger.info("\(name) listening on \(addresses.map(\.description).joined(separator: ", "))")
        await withTaskCancellationOrGracefulShutdownHandler {
            for listener in listeners {
                try? await listener.closeFuture.get()
            }
        } onCancelOrGracefulShutdown: {
            listeners.forEach { $0.close(promise: nil) }
            shutDown()
        }
        // Also when a listener closed by itself: end what is in flight and wait for its sockets.
        listeners.forEach { $0.close(promise: nil) }
        shutDown()
        await drained()
        logger.info("\(name) server stopped")
    }
}
