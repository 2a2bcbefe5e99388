import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The DHCP server (full or proxy mode) as a swift-service-lifecycle `Service`.
///
/// ``run()`` probes for other servers (when configured), recovers the lease journal, binds one socket per client
/// interface on port 67 (and 4011 in proxy mode), serves until graceful shutdown or cancellation, then writes the
/// last batch of lease records, closes the sockets and the journal, and returns.
public final class DHCPServer: Service, Sendable {
    public let configuration: DHCPServerConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onEvent: (@Sendable (DHCPEvent) -> Void)?
    /// The engine while ``run()`` serves, for ``reconfigure(_:)``.
    private let running = Mutex<NIOLoopBound<DHCPServerEngine>?>(nil)

    public init(
        configuration: DHCPServerConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "kiwi-ltsp.dhcp"),
        onEvent: (@Sendable (DHCPEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onEvent = onEvent
    }

    public func run() async throws {
        let configuration = self.configuration
        try configuration.validate()
        if configuration.probeForOtherServers {
            try await probe()
        }
        let (journal, recovery) = try DHCPLeaseJournal.open(directory: configuration.leaseDirectory)
        let damaged = recovery.ignoredRecords > 0 ? ", ignored \(recovery.ignoredRecords) damaged" : ""
        logger.info("recovered \(recovery.leases.count) lease records from \(journal.path)\(damaged)")
        let journalThread = NIOThreadPool(numberOfThreads: 1)
        journalThread.start()
        let eventLoop = eventLoopGroup.next()
        let responder = DHCPResponder(configuration: configuration, recoveredLeases: recovery.leases)
        let (logger, onEvent) = (self.logger, self.onEvent)
        let engine = try await eventLoop.submit {
            NIOLoopBound(
                DHCPServerEngine(
                    eventLoop: eventLoop, responder: responder, journal: journal, journalThread: journalThread,
                    logger: logger, onEvent: onEvent, compactionBytes: configuration.journalCompactionBytes),
                eventLoop: eventLoop)
        }.get()

        var bound: [any Channel] = []
        do {
            var ports = [configuration.serverPort]
            ports.append(configuration.pxePort)
            let interfaces = configuration.interfaces.isEmpty ? [nil] : configuration.interfaces.map(Optional.some)
            for interface in interfaces {
                for port in ports {
                    bound.append(try await bind(port: port, interface: interface, engine: engine, on: eventLoop))
                }
            }
        } catch {
            for channel in bound { try? await channel.close() }
            journal.close()
            try? await journalThread.shutdownGracefully()
            throw error
        }
        let channels = bound
        running.withLock { $0 = engine }
        logger.info(
            "DHCP (\(configuration.mode)) serving on \(configuration.interfaces.joined(separator: ", ")) as \(configuration.serverAddress)"
        )

        await withTaskCancellationOrGracefulShutdownHandler {
            for channel in channels {
                try? await channel.closeFuture.get()
            }
        } onCancelOrGracefulShutdown: {
            channels.forEach { $0.close(promise: nil) }
        }
        running.withLock { $0 = nil }
        channels.forEach { $0.close(promise: nil) }
        try? await eventLoop.flatSubmit { engine.value.drain() }.get()
        journal.close()
        try? await journalThread.shutdownGracefully()
        logger.info("DHCP server stopped")
    }

    /// Applies a new configuration to the running server without closing its sockets (a configuration reload):
    /// pool, reservations, options and boot files take effect for the next request; the leases handed out so far
    /// are kept. What the sockets or the server's identity depend on (mode, interfaces, server address, network,
    /// ports, the lease directory) cannot change this way: that throws, and so does an invalid configuration.
    public func reconfigure(_ new: DHCPServerConfiguration) async throws {
        try new.validate()
        let old = configuration
        var fixed: [String] = []
        if new.mode != old.mode { fixed.append("mode") }
        if new.interfaces != old.interfaces { fixed.append("interfaces") }
        if new.serverAddress != old.serverAddress { fixed.append("server address") }
        if new.network != old.network { fixed.append("network") }
        if (new.serverPort, new.clientPort, new.pxePort) != (old.serverPort, old.clientPort, old.pxePort) {
            fixed.append("ports")
        }
        if new.leaseDirectory != old.leaseDirectory { fixed.append("lease directory") }
        guard fixed.isEmpty else {
            throw DHCPError.invalidConfiguration(
                reason: "\(fixed.joined(separator: ", ")) cannot change while the server runs; restart it")
        }
        guard let engine = running.withLock({ $0 }) else {
            throw DHCPError.invalidConfiguration(reason: "the DHCP server is not serving yet")
        }
        try await engine.eventLoop.submit { engine.value.reconfigure(new) }.get()
    }

    private func bind(
        port: Int, interface: String?, engine: NIOLoopBound<DHCPServerEngine>, on eventLoop: any EventLoop
    ) async throws -> any Channel {
        let socket = try DHCPSocket.bound(port: port, interface: interface)
        return try await DatagramBootstrap(group: eventLoop)
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(ChannelOptions.datagramVectorReadMessageCount, value: 32)
            // A vector read splits the receive buffer between its messages: give each a full datagram.
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 32 * 1536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        DHCPChannelHandler(engine: engine.value, localPort: port))
                }
            }
            .withBoundSocket(socket).get()
    }

    private func probe() async throws {
        let probe = DHCPServerProbe(
            interfaces: configuration.interfaces, listenSeconds: configuration.probeSeconds,
            serverPort: configuration.serverPort, clientPort: configuration.clientPort)
        let answers: [DHCPServerProbe.Answer]
        do {
            answers = try await probe.run(eventLoopGroup: eventLoopGroup)
        } catch {
            logger.warning("could not probe for other DHCP servers: \(error)")
            return
        }
        for answer in answers {
            let text =
                "another DHCP server \(answer.server) offered \(answer.offeredAddress)"
                + " on \(answer.interface ?? "the network")"
            switch configuration.mode {
            case .full:
                logger.warning("\(text): two full DHCP servers on one network fight; use proxy mode or stop one")
            case .proxy:
                logger.info("\(text)")
            }
        }
    }
}
