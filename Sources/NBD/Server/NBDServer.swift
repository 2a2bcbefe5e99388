import Logging
import NIOCore
import NIOPosix
import ServerSupport
import ServiceLifecycle

/// The NBD server as a swift-service-lifecycle `Service`.
///
/// ``run()`` binds every configured address and serves until graceful shutdown or task cancellation; then it closes
/// the listening sockets and every connection, and returns once they are gone. ``boundAddresses()`` gives the actual
/// addresses (port 0 in tests) once bound. Connections are spread over the event loops of the group.
public final class NBDServer: Service, Sendable {
    public let configuration: NBDServerConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onEvent: (@Sendable (NBDConnectionEvent) -> Void)?
    private let registry: ConnectionRegistry
    private let swapSlots: NBDSwapSlots
    private let catalogs: Replaceable<NBDExportCatalog>
    private let binding = BoundAddresses()

    public init(
        configuration: NBDServerConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "kiwi-ltsp.nbd"),
        onEvent: (@Sendable (NBDConnectionEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onEvent = onEvent
        self.registry = ConnectionRegistry(limit: configuration.maxConnections)
        self.swapSlots = NBDSwapSlots(limit: configuration.maxSwapExports)
        self.catalogs = Replaceable(configuration.catalog(swapSlots: self.swapSlots))
    }

    /// Serves these exports to connections made from now on (a configuration reload); connections already attached
    /// keep the device they opened. The listening sockets stay as they are.
    public func replaceExports(_ exports: [NBDExportDefinition], swap: NBDSwapExportDefinition?) {
        var configuration = self.configuration
        configuration.exports = exports
        configuration.swap = swap
        self.catalogs.current = configuration.catalog(swapSlots: self.swapSlots)
    }

    /// The number of connections open now.
    public var activeConnections: Int {
        self.registry.count
    }

    /// The number of swap files open now.
    public var openSwapExports: Int {
        self.swapSlots.count
    }

    public func run() async throws {
        let registry = self.registry
        try await ListenerService.run(
            name: "NBD", logger: self.logger, binding: self.binding,
            bind: {
                try self.validate()
                return try await self.bindListeners()
            },
            shutDown: { registry.shutDown() },
            drained: { await registry.waitUntilDrained() })
    }

    /// The addresses the server listens on, once ``run()`` has bound them; throws if binding failed.
    public func boundAddresses() async throws -> [SocketAddress] {
        try await self.binding.get()
    }

    private func validate() throws {
        guard (1...Int(UInt32.max)).contains(self.configuration.maxPayload) else {
            throw NBDError(.invalidConfiguration, "maxPayload \(self.configuration.maxPayload) is out of range")
        }
        guard !self.configuration.bindAddresses.isEmpty else {
            throw NBDError(.invalidConfiguration, "no address to listen on")
        }
    }

    private func bindListeners() async throws -> [any Channel] {
        let environment = NBDConnectionEnvironment(
            catalogs: self.catalogs,
            maximumPayload: UInt32(self.configuration.maxPayload),
            logger: self.logger,
            onEvent: self.onEvent,
            threadPool: .singleton,
            handshakeTimeout: self.configuration.handshakeTimeout
        )
        var channels: [any Channel] = []
        do {
            for address in self.configuration.bindAddresses {
                channels.append(try await self.bootstrap(environment).bind(to: address).get())
            }
        } catch {
            for channel in channels {
                try? await channel.close()
            }
            throw NBDError(.invalidConfiguration, "cannot listen for NBD: \(error)")
        }
        return channels
    }

    private func bootstrap(_ environment: NBDConnectionEnvironment) -> ServerBootstrap {
        let bufferSize = SocketOptionValue(clamping: self.configuration.socketBufferSize)
        // Let a few socket buffers of replies queue before reads pause; file regions cost no memory.
        let highWater = max(self.configuration.socketBufferSize, 1 << 20) * 4
        let registry = self.registry
        return ServerBootstrap(group: self.eventLoopGroup)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.so_sndbuf), value: bufferSize)
            .childChannelOption(ChannelOptions.socketOption(.so_rcvbuf), value: bufferSize)
            .childChannelOption(
                ChannelOptions.writeBufferWaterMark,
                value: .init(low: highWater / 2, high: highWater)
            )
            .childChannelOption(
                ChannelOptions.recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(
                    minimum: 4096, initial: 65_536,
                    maximum: 1 << 20)
            )
            .childChannelInitializer { channel in
                guard registry.add(channel) else {
                    environment.logger.warning(
                        "NBD refused a connection from \(channel.remoteAddress?.description ?? "?"): \(registry.limit) connections open"
                    )
                    return channel.eventLoop.makeSucceededVoidFuture()
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NBDConnectionHandler(environment: environment))
                }
            }
    }
}
