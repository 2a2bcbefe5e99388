import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServerSupport
import ServiceLifecycle

/// The boot files over HTTP/1.1 as a swift-service-lifecycle `Service`: the TFTP root, read-only, for iPXE (kernel
/// and initrd in a fraction of lock-step TFTP's time) and UEFI HTTP boot. Keep-alive, pipelining, HEAD and single
/// ranges; bodies go out with sendfile(2). At most ``HTTPFileServerConfiguration/maximumConnections`` connections,
/// each closed after ``HTTPFileServerConfiguration/idleTimeout`` without progress.
public final class HTTPFileServer: Service, Sendable {
    public let configuration: HTTPFileServerConfiguration
    private let source: Replaceable<any HTTPFileSource>
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onTransfer: (@Sendable (HTTPTransferEvent) -> Void)?
    private let registry: ConnectionRegistry
    private let binding = BoundAddresses()

    public init(
        configuration: HTTPFileServerConfiguration, source: any HTTPFileSource,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "kiwi-ltsp.http"),
        onTransfer: (@Sendable (HTTPTransferEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.source = Replaceable(source)
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onTransfer = onTransfer
        self.registry = ConnectionRegistry(limit: configuration.maximumConnections)
    }

    /// A new root (a configuration reload): requests from now on read from it.
    public func replaceSource(_ source: any HTTPFileSource) {
        self.source.current = source
    }

    public var openConnections: Int { registry.count }

    public func boundAddresses() async throws -> [SocketAddress] {
        try await binding.get()
    }

    public func run() async throws {
        let registry = self.registry
        try await ListenerService.run(
            name: "HTTP", logger: logger, binding: binding, bind: { try await bindListeners() },
            shutDown: { registry.shutDown() }, drained: { await registry.waitUntilDrained() })
    }

    private func bindListeners() async throws -> [any Channel] {
        var channels: [any Channel] = []
        do {
            for address in configuration.bindAddresses {
                channels.append(try await bootstrap().bind(to: address).get())
            }
        } catch {
            for channel in channels { try? await channel.close() }
            throw HTTPFileServerError("cannot listen for HTTP: \(error)")
        }
        return channels
    }

    private func bootstrap() -> ServerBootstrap {
        let registry = self.registry
        let source = self.source
        let configuration = self.configuration
        let onTransfer = self.onTransfer
        return ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                guard registry.add(channel) else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(allTimeout: configuration.idleTimeout))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(
                        HTTPFileHandler(
                            source: source.current, threadPool: .singleton,
                            maximumBodyBytes: configuration.maximumBodyBytes, headTimeout: configuration.headTimeout,
                            onTransfer: onTransfer))
                }
            }
    }
}

public struct HTTPFileServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
