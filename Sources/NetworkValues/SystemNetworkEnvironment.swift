import SystemSupport
import Glibc
/// The running kernel's interfaces (getifaddrs(3)), MACs and MTUs (`/sys/class/net`) and IPv4 routes (`/proc/net/route`).
/// These are system state, not files of the target tree, so they are not taken under `--root`.
public struct SystemNetworkEnvironment: NetworkEnvironment {
    public init() {}

    public func interfaces() -> [NetworkInterface] {
        var head: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&head) == 0, let first = head else { return [] }
        defer { freeifaddrs(head) }
        var byName: [String: NetworkInterface] = [:]
        var order: [String] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor?.pointee {
            defer { cursor = entry.ifa_next }
            let name = String(cString: entry.ifa_name)
            if byName[name] == nil {
                let flags = Int32(bitPattern: entry.ifa_flags)
                byName[name] = NetworkInterface(
                    name: name, isUp: flags & Int32(IFF_UP) != 0,
                    isLoopback: flags & Int32(IFF_LOOPBACK) != 0, mac: Self.mac(of: name), mtu: Self.mtu(of: name))
                order.append(name)
            }
            guard let address = entry.ifa_addr else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                let ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    IPv4Address(UInt32(bigEndian: $0.pointee.sin_addr.s_addr))
                }
                let mask =
                    entry.ifa_netmask.map { pointer in
                        pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                            UInt32(bigEndian: $0.pointee.sin_addr.s_addr)
                        }
                    } ?? UInt32.max
                byName[name]?.ipv4.append(IPv4Network(address: ip, prefixLength: mask.nonzeroBitCount))
            default:
                break
            }
        }
        return order.compactMap { byName[$0] }
    }

    public func defaultRouteInterface() -> String? {
        guard let table = try? TextFile.read("/proc/net/route") else { return nil }
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.count > 7, fields[1] == "00000000", fields[7] == "00000000" { return String(fields[0]) }
        }
        return nil
    }

    /// The link address from sysfs; all-zero addresses (loopback) count as none.
    static func mac(of name: String) -> String? {
        guard let text = try? TextFile.read("/sys/class/net/\(name)/address") else { return nil }
        let mac = NetworkNames.normalizedMAC(text.trimmed())
        return mac == "00:00:00:00:00:00" ? nil : mac
    }

    static func mtu(of name: String) -> Int? {
        guard let text = try? TextFile.read("/sys/class/net/\(name)/mtu") else { return nil }
        return Int(text.trimmed())
    }
}
