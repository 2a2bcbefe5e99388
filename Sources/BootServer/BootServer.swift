import DHCP
import Foundation
import HTTPFiles
import LDMInfo
import LTSPConfig
import Logging
import NBD
import NIOCore
import NIOPosix
import NetworkValues
import RouterAdvertisement
import ServiceLifecycle
import SystemSupport
import TFTP

/// Assembles the boot services from the configuration into one ServiceGroup: started in order (status socket,
/// DHCP, TFTP, NBD, HTTP, ldminfo, reload), stopped in reverse order on SIGTERM or SIGINT, transfers in flight ended and sockets
/// closed. Every client's boot stages go to ``timeline``; SIGHUP reloads the configuration when
/// ``reloadConfiguration`` is set.
public struct BootServer: Sendable {
    public var configuration: ServerConfiguration
    public var root: RootDirectory
    public var network: any NetworkEnvironment
    public var services: Set<BootService>
    public var logger: Logger
    /// Reads the configuration file again on SIGHUP; nil leaves SIGHUP alone.
    public var reloadConfiguration: (@Sendable () -> LoadedConfiguration)?
    /// Host path of the configuration file, for the status document.
    public var configurationFile: String
    /// Host path of the status socket (``StatusSocket``); nil: none.
    public var statusSocketPath: String?
    public let timeline: BootTimelineRecorder

    public init(
        configuration: ServerConfiguration, root: RootDirectory, network: any NetworkEnvironment,
        services: Set<BootService> = Set(BootService.allCases), logger: Logger,
        configurationFile: String = "", statusSocketPath: String? = nil,
        reloadConfiguration: (@Sendable () -> LoadedConfiguration)? = nil
    ) {
        self.configuration = configuration
        self.root = root
        self.network = network
        self.services = services
        self.logger = logger
        self.configurationFile = configurationFile
        self.statusSocketPath = statusSocketPath
        self.reloadConfiguration = reloadConfiguration
        var timelineLogger = logger
        timelineLogger[metadataKey: "service"] = "boot"
        self.timeline = BootTimelineRecorder(logger: timelineLogger)
    }

    /// The protocol services and the handles a reload needs.
    struct Assembly: Sendable {
        var services: [any Service] = []
        var dhcp: DHCPServer?
        var tftp: ReloadableTFTPSource?
        var nbd: NBDServer?
        var http: HTTPFileServer?
        var ldminfo: LDMInfoServer?
    }

    public func makeServices() throws -> [any Service] {
        try assemble().services
    }

    func assemble() throws -> Assembly {
        var assembly = Assembly()
        for service in services.sorted() {
            switch service {
            case .dhcp:
                if let dhcp = try makeDHCPServer() {
                    assembly.dhcp = dhcp
                    assembly.services.append(dhcp)
                }
            case .tftp:
                let source = try assembly.tftp ?? ReloadableTFTPSource(try makeTFTPSource(for: configuration))
                assembly.tftp = source
                assembly.services.append(try makeTFTPServer(source: source))
            case .http:
                let source = try assembly.tftp ?? ReloadableTFTPSource(try makeTFTPSource(for: configuration))
                assembly.tftp = source
                let http = try makeHTTPServer(source: source)
                assembly.http = http
                assembly.services.append(http)
            case .nbd:
                let nbd = try makeNBDServer()
                assembly.nbd = nbd
                assembly.services.append(nbd)
            case .aoe:
                assembly.services.append(try makeAoEServer())
            case .ra:
                assembly.services.append(
                    try RouterAdvertiser(
                        interfaces: configuration.dhcpInterfaces,
                        logger: serviceLogger("ra")))
            case .ldminfo:
                let ldminfo = try makeLDMInfoServer()
                assembly.ldminfo = ldminfo
                assembly.services.append(ldminfo)
            }
        }
        return assembly
    }

    public func run() async throws {
        // Before any service runs: SIGHUP's default action would end the process.
        let hangups = reloadConfiguration == nil ? nil : HangupSignals()
        let assembly = try assemble()
        var reload: ReloadService?
        if let hangups, let reloadConfiguration {
            reload = ReloadService(server: self, assembly: assembly, signals: hangups, load: reloadConfiguration)
        }
        var all: [any Service] = []
        if let statusSocketPath {
            let document = statusDocument(reload: reload)
            let status = StatusSocketService(
                path: statusSocketPath, logger: serviceLogger("status"),
                document: document)
            try status.prepare()
            all.append(status)
        }
        all += assembly.services
        if let reload { all.append(reload) }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: all.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    /// What the status socket answers: this process and every client's timeline at the time of the request.
    func statusDocument(reload: ReloadService?) -> @Sendable () -> BootStatusDocument {
        let server = BootStatusDocument.Server(
            pid: getpid(), started: Date(), configuration: configurationFile,
            services: services.sorted().map(\.rawValue))
        let timeline = self.timeline
        return {
            var current = server
            current.reloaded = reload?.lastReload
            return BootStatusDocument(server: current, clients: timeline.clients)
        }
    }

    func makeTFTPSource(for configuration: ServerConfiguration) throws -> TFTPDirectorySource {
        let tftpRoot = root.resolve(configuration.tftpRoot)
        do {
            return try TFTPDirectorySource(root: tftpRoot)
        } catch {
            throw BootServerError.configuration("TFTP_ROOT \(tftpRoot): \(error)")
        }
    }

    func makeTFTPServer(source: ReloadableTFTPSource) throws -> TFTPServer {
        let addresses = try configuration.tftpListen.map { text in
            do {
                return try SocketAddress(ipAddress: text, port: Int(configuration.tftpPort))
            } catch {
                throw BootServerError.configuration("TFTP_LISTEN: cannot listen on \(text): \(error)")
            }
        }
        guard !addresses.isEmpty else {
            throw BootServerError.configuration("TFTP has no address to listen on; set SERVER_IP or TFTP_LISTEN")
        }
        let tftpConfiguration = TFTPServerConfiguration(
            bindAddresses: addresses, maxBlockSize: maxBlockSize(for: configuration.tftpListen),
            maxTransfers: configuration.limits.tftpMaxTransfers,
            maxTransfersPerClient: configuration.limits.tftpMaxTransfersPerClient,
            busyPoll: configuration.limits.tftpBusyPoll)
        let timeline = self.timeline
        return TFTPServer(
            configuration: tftpConfiguration, source: source,
            logger: serviceLogger("tftp"), onTransfer: { timeline.tftp($0) })
    }

    /// The largest block that fits the smallest MTU among the interfaces that carry the listen addresses
    /// (RFC 2348: a block that needs IP fragmentation is slower and gets lost more).
    func maxBlockSize(for listen: [String]) -> Int {
        let interfaces = network.interfaces()
        let mtus = listen.compactMap { text -> Int? in
            guard let address = IPv4Address(text) else { return nil }
            return interfaces.first { $0.ipv4.contains { $0.address == address } }?.mtu
        }
        guard let mtu = mtus.min() else { return TFTPServerConfiguration.maxBlockSize(forMTU: 1500) }
        return TFTPServerConfiguration.maxBlockSize(forMTU: mtu)
    }
}

extension BootServer {
    /// The server's logger with the service named in every line's metadata.
    func serviceLogger(_ name: String) -> Logger {
        var serviceLogger = logger
        serviceLogger[metadataKey: "service"] = "\(name)"
        return serviceLogger
    }
}
