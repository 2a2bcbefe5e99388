import NIOCore

/// Where and how the info service listens.
public struct LDMInfoServerConfiguration: Sendable {
    public static let defaultPort = 9571

    /// Addresses to listen on (IPv6 ones take only IPv6).
    public var bindAddresses: [SocketAddress]
    /// An IPv6 address that cannot be bound (a host without IPv6) is skipped, not an error.
    public var ipv6Optional: Bool
    /// Connections open at once; more are closed at once.
    public var maximumConnections: Int
    /// A peer that does not take the reply within this time is cut off.
    public var timeout: TimeAmount

    public init(
        bindAddresses: [SocketAddress], ipv6Optional: Bool = false, maximumConnections: Int = 256,
        timeout: TimeAmount = .seconds(5)
    ) {
        self.bindAddresses = bindAddresses
        self.ipv6Optional = ipv6Optional
        self.maximumConnections = maximumConnections
        self.timeout = timeout
    }

    /// Every address of the host, IPv6 and IPv4, on `port`.
    public static func wildcard(port: Int = defaultPort) throws -> LDMInfoServerConfiguration {
        LDMInfoServerConfiguration(
            bindAddresses: [
                try SocketAddress(ipAddress: "::", port: port),
                try SocketAddress(ipAddress: "0.0.0.0", port: port),
            ],
            ipv6Optional: true)
    }
}
