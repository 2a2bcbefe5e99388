import LDMInfoWire
import Logging
import NIOCore
import NIOPosix
import ServerSupport
import ServiceLifecycle

/// The login servers' info service (LTSP 5's ldminfod on TCP 9571) as a swift-service-lifecycle `Service`: each
/// connection gets the reply (``LDMInfo``) and is closed. ldm asks every server in LDM_SERVER before the greeter
/// shows, for their sessions, languages and load rating.
public final class LDMInfoServer: Service, Sendable {
    public let configuration: LDMInfoServerConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let catalog: Replaceable<LDMInfoCatalog>
    private let registry: ConnectionRegistry
    private let binding = BoundAddresses()

    public init(
        configuration: LDMInfoServerConfiguration, catalog: LDMInfoCatalog,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "kiwi-ltsp.ldminfo")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.catalog = Replaceable(catalog)
        self.registry = ConnectionRegistry(limit: configuration.maximumConnections)
    }

    /// Sessions and languages read again (a configuration reload): the next connection gets them.
    public func replaceCatalog(_ catalog: LDMInfoCatalog) {
        self.catalog.current = catalog
    }

    /// Connections open now.
    public var openConnections: Int { registry.count }

    public func boundAddresses() async throws -> [SocketAddress] {
        try await binding.get()
    }

    public func run() async throws {
        let registry = self.registry
        try await ListenerService.run(
            name: "ldminfo", logger: logger, binding: binding, bind: { try await bindListeners() },
            shutDown: { registry.shutDown() }, drained: { await registry.waitUntilDrained() })
    }

    private func bindListeners() async throws -> [any Channel] {
        var channels: [any Channel] = []
        for address in configuration.bindAddresses {
            let isIPv6 = address.protocol == .inet6
            do {
                var bootstrap = bootstrap()
                if isIPv6 {
                    bootstrap = bootstrap.serverChannelOption(
                        ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
                }
                channels.append(try await bootstrap.bind(to: address).get())
            } catch  where isIPv6 && configuration.ipv6Optional {
                logger.info("ldminfo: no IPv6 here (\(error)); IPv4 only")
            } catch {
                for channel in channels { try? await channel.close() }
                throw LDMInfoServerError("cannot listen on \(address): \(error)")
            }
        }
        return channels
    }

    private func bootstrap() -> ServerBootstrap {
        let registry = self.registry
        let catalog = self.catalog
        let timeout = configuration.timeout
        let logger = self.logger
        return ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelInitializer { channel in
                guard registry.add(channel) else {
                    logger.debug(
                        "ldminfo: connection limit reached; \(channel.remoteAddress?.description ?? "a peer") refused")
                    return channel.eventLoop.makeSucceededVoidFuture()
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        LDMInfoHandler(
                            reply: { catalog.current.reply() }, timeout: timeout,
                            onReply: { logger.debug("ldminfo: answered \($0?.description ?? "a peer")") }))
                }
            }
    }
}

public struct LDMInfoServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
