import Logging
import NIOCore
import NIOPosix
import ServerSupport
import ServiceLifecycle
import Synchronization

/// The TFTP server as a swift-service-lifecycle `Service`.
///
/// ``run()`` binds every configured address, serves until graceful shutdown or task cancellation, then ends the
/// transfers in flight, closes every socket and returns. ``boundAddresses()`` gives the actual addresses (port 0 in
/// tests) once bound.
public final class TFTPServer: Service, Sendable {
    public let configuration: TFTPServerConfiguration
    private let source: any TFTPFileSource
    private let eventLoopGroup: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let onTransfer: (@Sendable (TFTPTransferEvent) -> Void)?
    private let registry: TFTPTransferRegistry
    private let binding = BoundAddresses()
    private let loops = Mutex<TFTPTransferLoops?>(nil)

    public init(
        configuration: TFTPServerConfiguration,
        source: any TFTPFileSource,
        eventLoopGroup: MultiThreadedEventLoopGroup = .singleton,
        logger: Logger = Logger(label: "kiwi-ltsp.tftp"),
        onTransfer: (@Sendable (TFTPTransferEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.registry = TFTPTransferRegistry(
            limit: configuration.maxTransfers,
            clientLimit: configuration.maxTransfersPerClient)
        self.source = source
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onTransfer = onTransfer
    }

    /// The number of transfers running now.
    public var activeTransfers: Int {
        self.registry.activeTransfers
    }

    /// Threads serving read transfers now (0 before ``run()``).
    var transferThreads: Int {
        self.loops.withLock { $0?.threads ?? 0 }
    }

    public func run() async throws {
        let registry = self.registry
        let loops = try TFTPTransferLoops(
            limit: self.configuration.transferThreads, busyPoll: self.configuration.busyPoll)
        self.loops.withLock { $0 = loops }
        defer { loops.shutDown() }
        try await ListenerService.run(
            name: "TFTP", logger: self.logger, binding: self.binding,
            bind: { try await self.bindListeners() },
            shutDown: {
                registry.shutDown()
                loops.pokeAll()
            },
            drained: { await registry.waitUntilDrained() })
    }

    /// The addresses the server listens on, once ``run()`` has bound them; throws if binding failed.
    public func boundAddresses() async throws -> [SocketAddress] {
        try await self.binding.get()
    }

    private func bindListeners() async throws -> [any Channel] {
        let setup = TFTPListenerHandler.Setup(
            configuration: self.configuration,
            source: self.source,
            group: self.eventLoopGroup,
            environment: TFTPTransferEnvironment(
                logger: self.logger,
                onTransfer: self.onTransfer,
                maxRetransmits: self.configuration.maxRetransmits
            ),
            registry: self.registry,
            loops: try self.transferLoops()
        )
        var channels: [any Channel] = []
        do {
            for address in self.configuration.bindAddresses {
                channels.append(try await self.bindListener(address, setup: setup))
            }
        } catch {
            for channel in channels {
                try? await channel.close()
            }
            throw error
        }
        return channels
    }

    private func bindListener(_ address: SocketAddress, setup: TFTPListenerHandler.Setup) async throws -> any Channel {
        let bufferSize = SocketOptionValue(self.configuration.socketBufferSize)
        var bootstrap = DatagramBootstrap(group: self.eventLoopGroup)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: bufferSize)
            .channelOption(ChannelOptions.socketOption(.so_sndbuf), value: bufferSize)
            .channelOption(ChannelOptions.datagramVectorReadMessageCount, value: 32)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TFTPListenerHandler(setup: setup))
                }
            }
        if Self.isWildcard(address) {
            // Transfers must leave from the IP the request was sent to; a wildcard socket learns it per packet.
            bootstrap = bootstrap.channelOption(ChannelOptions.receivePacketInfo, value: true)
        }
        return try await bootstrap.bind(to: address).get()
    }

    private func transferLoops() throws -> TFTPTransferLoops {
        guard let loops = self.loops.withLock({ $0 }) else { throw TFTPError.shuttingDown }
        return loops
    }

    private static func isWildcard(_ address: SocketAddress) -> Bool {
        address.ipAddress == "0.0.0.0" || address.ipAddress == "::"
    }
}
