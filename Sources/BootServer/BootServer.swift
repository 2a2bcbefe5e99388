import LTSPConfig
import DHCP
import NBD
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TFTP

/// Assembles the boot services from the configuration into one ServiceGroup: started together, stopped in reverse
/// order on SIGTERM or SIGINT, transfers in flight ended and sockets closed.
public struct BootServer: Sendable {
    public var configuration: ServerConfiguration
    public var root: RootDirectory
    public var network: any NetworkEnvironment
    public var services: Set<BootService>
    public var logger: Logger

    public init(configuration: ServerConfiguration, root: RootDirectory, network: any NetworkEnvironment,
                services: Set<BootService> = Set(BootService.allCases), logger: Logger) {
        self.configuration = configuration
        self.root = root
        self.network = network
        self.services = services
        self.logger = logger
    }

    public func makeServices() throws -> [any Service] {
        var made: [any Service] = []
        for service in services.sorted() {
            switch service {
            case .dhcp:
                if let dhcp = try makeDHCPServer() { made.append(dhcp) }
            case .tftp:
                made.append(try makeTFTPServer())
            case .nbd:
                made.append(try makeNBDServer())
            }
        }
        return made
    }

    public func run() async throws {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: try makeServices().map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }

    func makeTFTPServer() throws -> TFTPServer {
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
        let tftpRoot = root.resolve(configuration.tftpRoot)
        let source: TFTPDirectorySource
        do {
            source = try TFTPDirectorySource(root: tftpRoot)
        } catch {
            throw BootServerError.configuration("TFTP_ROOT \(tftpRoot): \(error)")
        }
        let tftpConfiguration = TFTPServerConfiguration(
            bindAddresses: addresses, maxBlockSize: maxBlockSize(for: configuration.tftpListen))
        return TFTPServer(configuration: tftpConfiguration, source: source,
                          logger: serviceLogger("tftp"))
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
