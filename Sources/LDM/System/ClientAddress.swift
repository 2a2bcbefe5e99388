import Glibc
import NetworkValues

/// Who this client is to a server: the address its packets to the server leave from, that interface's MAC, the host
/// name. The session gets them as LTSP_CLIENT, LTSP_CLIENT_MAC and LTSP_CLIENT_HOSTNAME.
public struct ClientAddress: Equatable, Sendable {
    public var address: String?
    public var mac: String?
    public var hostname: String

    public init(address: String?, mac: String?, hostname: String) {
        self.address = address
        self.mac = mac
        self.hostname = hostname
    }

    /// This machine's host name (ltsp-client has set it from lts.conf before ldm starts).
    public static func currentHostname() -> String {
        var name = [CChar](repeating: 0, count: 256)
        return gethostname(&name, name.count) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
    }

    /// Asks the kernel which source address a datagram to `server` would get (a UDP connect sends nothing).
    public static func toward(_ server: String) -> ClientAddress {
        let hostname = currentHostname()
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(server, "9", &hints, &list) == 0, let first = list else {
            return ClientAddress(address: nil, mac: nil, hostname: hostname)
        }
        defer { freeaddrinfo(list) }
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard fd >= 0, connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0,
            withUnsafeMutablePointer(
                to: &local,
                {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
                }) == 0
        else {
            return ClientAddress(address: nil, mac: nil, hostname: hostname)
        }
        let address = IPv4Address(UInt32(bigEndian: local.sin_addr.s_addr))
        return ClientAddress(address: address.description, mac: mac(of: address), hostname: hostname)
    }

    /// The MAC of the interface that holds `address`.
    static func mac(of address: IPv4Address) -> String? {
        SystemNetworkEnvironment().interfaces().first { $0.ipv4.contains { $0.address == address } }?.mac
    }
}
