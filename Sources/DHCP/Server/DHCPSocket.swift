#if canImport(Glibc)
    import NetworkValues
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import NIOCore

/// Opens the UDP sockets a DHCP server needs, with the options NIO has no typed setter for.
enum DHCPSocket {
    /// A non-blocking UDP socket on `0.0.0.0:port`, tied to `interface` (SO_BINDTODEVICE) when given, allowed to
    /// broadcast, and sharing the port with the sockets of other interfaces (SO_REUSEADDR).
    static func bound(port: Int, interface: String?) throws -> NIOBSDSocket.Handle {
        let fd = socket(
            AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DHCPError.io(operation: "socket", path: "udp/\(port)", errno: errno) }
        do {
            var one: Int32 = 1
            let size = socklen_t(MemoryLayout<Int32>.size)
            guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size) == 0,
                setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, size) == 0
            else { throw DHCPError.io(operation: "setsockopt", path: "udp/\(port)", errno: errno) }
            if let interface {
                let name = Array(interface.utf8CString)
                let result = name.withUnsafeBytes {
                    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0.baseAddress, socklen_t($0.count))
                }
                guard result == 0 else {
                    throw DHCPError.io(operation: "SO_BINDTODEVICE", path: interface, errno: errno)
                }
            }
            var address = socketAddress(IPv4Address(0), port: port)
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else {
                throw DHCPError.io(
                    operation: "bind 0.0.0.0:\(port) on", path: interface ?? "any interface", errno: errno)
            }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    static func socketAddress(_ address: IPv4Address, port: Int) -> sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        result.sin_addr = in_addr(s_addr: address.value.bigEndian)
        return result
    }

    static func nioAddress(_ destination: DHCPDestination) -> SocketAddress {
        switch destination {
        case .broadcast(let port):
            return SocketAddress(socketAddress(IPv4Address(UInt32.max), port: port), host: "")
        case .unicast(let address, let port):
            return SocketAddress(socketAddress(address, port: port), host: "")
        }
    }

    /// The IPv4 address and port of a datagram's sender.
    static func source(of address: SocketAddress) -> (address: IPv4Address, port: Int)? {
        guard case .v4(let v4) = address else { return nil }
        return (IPv4Address(UInt32(bigEndian: v4.address.sin_addr.s_addr)), Int(UInt16(bigEndian: v4.address.sin_port)))
    }
}
