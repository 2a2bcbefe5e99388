import SystemSupport
import Glibc
/// What the configuration needs to know of one network interface of the host.
public struct NetworkInterface: Hashable, Sendable {
    public var name: String
    public var isUp: Bool
    public var isLoopback: Bool
    public var ipv4: [IPv4Network]
    /// Lower-case `aa:bb:cc:dd:ee:ff`, when the interface has one.
    public var mac: String?
    public var mtu: Int?

    public init(
        name: String, isUp: Bool = true, isLoopback: Bool = false, ipv4: [IPv4Network] = [],
        mac: String? = nil, mtu: Int? = nil
    ) {
        self.name = name
        self.isUp = isUp
        self.isLoopback = isLoopback
        self.ipv4 = ipv4
        self.mac = mac
        self.mtu = mtu
    }

    /// The first private IPv4 network of the interface, if any.
    public var privateIPv4: IPv4Network? { ipv4.first { $0.address.isPrivate } }
}

/// The host's interfaces and routes. The system implementation asks the kernel; tests pass fixed values.
public protocol NetworkEnvironment: Sendable {
    func interfaces() -> [NetworkInterface]
    /// The interface of the IPv4 default route, if there is one.
    func defaultRouteInterface() -> String?
}

public struct FixedNetworkEnvironment: NetworkEnvironment {
    public var fixedInterfaces: [NetworkInterface]
    public var defaultRoute: String?

    public init(interfaces: [NetworkInterface], defaultRoute: String? = nil) {
        self.fixedInterfaces = interfaces
        self.defaultRoute = defaultRoute
    }

    public func interfaces() -> [NetworkInterface] { fixedInterfaces }
    public func defaultRouteInterface() -> String? { defaultRoute }
}
