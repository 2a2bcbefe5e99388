import NetworkValues
import SystemSupport

/// Everything the DHCP server needs; the lead's `serve` command fills it from the server configuration.
public struct DHCPServerConfiguration: Sendable {
    public enum Mode: Sendable, Hashable {
        /// We hand out addresses from ``pool`` and boot information.
        case full
        /// Another server hands out addresses; we answer PXE clients with boot information only (yiaddr 0).
        case proxy
    }

    public var mode: Mode
    /// Client-facing interfaces; one socket is bound to each (SO_BINDTODEVICE). Empty: one unbound socket.
    public var interfaces: [String]
    public var serverAddress: IPv4Address
    /// The subnet of the client interface (mask, broadcast).
    public var network: IPv4Network
    /// Full mode: the addresses to hand out.
    public var pool: DHCPRange?
    /// Option 3, only when set.
    public var router: IPv4Address?
    public var dnsServers: [IPv4Address]
    public var domain: String?
    public var reservations: [DHCPReservation]
    public var bootFiles: DHCPBootFiles
    /// Host path of the lease journal directory, created if missing.
    public var leaseDirectory: String
    /// Look for other DHCP servers on the client interfaces at start-up.
    public var probeForOtherServers: Bool
    /// How long the start-up probe listens for offers.
    public var probeSeconds: Double
    /// The server port (67); the client port is 68 and the PXE boot-server port 4011 (proxy mode).
    public var serverPort: Int
    public var clientPort: Int
    public var pxePort: Int
    /// How long an offered address stays held for its client.
    public var offerHoldSeconds: UInt64
    /// How long a declined address stays out of the pool.
    public var declineHoldSeconds: UInt64
    /// The journal is compacted when it is larger than this and four times its live content.
    public var journalCompactionBytes: Int

    public init(
        mode: Mode = .full,
        interfaces: [String],
        serverAddress: IPv4Address,
        network: IPv4Network,
        pool: DHCPRange? = nil,
        router: IPv4Address? = nil,
        dnsServers: [IPv4Address] = [],
        domain: String? = nil,
        reservations: [DHCPReservation] = [],
        bootFiles: DHCPBootFiles = DHCPBootFiles(),
        leaseDirectory: String = KiwiPaths.stateDirectory,
        probeForOtherServers: Bool = true,
        probeSeconds: Double = 1,
        serverPort: Int = 67,
        clientPort: Int = 68,
        pxePort: Int = 4011,
        offerHoldSeconds: UInt64 = 30,
        declineHoldSeconds: UInt64 = 600,
        journalCompactionBytes: Int = 4 << 20
    ) {
        self.mode = mode
        self.interfaces = interfaces
        self.serverAddress = serverAddress
        self.network = network
        self.pool = pool
        self.router = router
        self.dnsServers = dnsServers
        self.domain = domain
        self.reservations = reservations
        self.bootFiles = bootFiles
        self.leaseDirectory = leaseDirectory
        self.probeForOtherServers = probeForOtherServers
        self.probeSeconds = probeSeconds
        self.serverPort = serverPort
        self.clientPort = clientPort
        self.pxePort = pxePort
        self.offerHoldSeconds = offerHoldSeconds
        self.declineHoldSeconds = declineHoldSeconds
        self.journalCompactionBytes = journalCompactionBytes
    }

    /// Problems a person can fix, or `nil`.
    public func validate() throws {
        if mode == .full && pool == nil && reservations.isEmpty {
            throw DHCPError.invalidConfiguration(reason: "full mode needs a pool (DHCP range) or reservations")
        }
        if let pool, !network.contains(pool.start) || !network.contains(pool.end) {
            throw DHCPError.invalidConfiguration(reason: "the range \(pool) is not inside \(network)")
        }
        for reservation in reservations where DHCPHardwareAddress(reservation.mac) == nil {
            throw DHCPError.invalidConfiguration(
                reason: "reservation MAC '\(reservation.mac)' is not aa:bb:cc:dd:ee:ff")
        }
    }

    var stateMachineConfiguration: DHCPLeaseStateMachine.Configuration {
        DHCPLeaseStateMachine.Configuration(
            network: network, serverAddress: serverAddress, pool: pool, reservations: reservations,
            offerHoldSeconds: offerHoldSeconds, declineHoldSeconds: declineHoldSeconds)
    }
}
