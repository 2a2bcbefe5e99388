import CKiwiSystem
import Glibc

/// An AF_PACKET socket for AoE frames (EtherType 0x88A2) on one interface, in datagram mode: the kernel adds and
/// strips the Ethernet header; the peer's MAC comes and goes in `sockaddr_ll`. Frames are read and sent in batches
/// (recvmmsg/sendmmsg).
final class AoEPacketSocket: Sendable {
    static let etherType: UInt16 = 0x88a2
    /// `SOL_PACKET` and `PACKET_IGNORE_OUTGOING` from <linux/if_packet.h>.
    static let solPacket: Int32 = 263
    static let packetIgnoreOutgoing: Int32 = 23
    /// How long a blocking receive waits before it returns empty (250 ms).
    static let receiveTimeoutMicroseconds = 250_000

    let interface: String
    let index: Int32
    let descriptor: Int32

    init(interface: String) throws(AoEServerError) {
        let index = Int32(if_nametoindex(interface))
        guard index != 0 else { throw AoEServerError("AOE_IFACE \(interface): no such interface") }
        let descriptor = socket(AF_PACKET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw AoEServerError("AoE packet socket: \(String(cString: strerror(errno))) (needs CAP_NET_RAW)")
        }
        var address = Self.address(index: index, mac: nil)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_ll>.size))
            }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw AoEServerError("AoE packet socket on \(interface): bind: \(reason)")
        }
        // Room for a window of replies from every client at once.
        var size: Int32 = 4 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        // Frames this host sends (our answers, another target's) are not handed back to us (Linux 4.20).
        var one: Int32 = 1
        setsockopt(descriptor, Self.solPacket, Self.packetIgnoreOutgoing, &one, socklen_t(MemoryLayout<Int32>.size))
        // A blocking receive returns at least this often, so the loop sees a shutdown.
        var timeout = timeval(tv_sec: 0, tv_usec: Self.receiveTimeoutMicroseconds)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.interface = interface
        self.index = index
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// `sockaddr_ll` for AoE on the interface; with `mac`, addressed to that station.
    static func address(index: Int32, mac: [UInt8]?) -> sockaddr_ll {
        var address = sockaddr_ll()
        address.sll_family = UInt16(AF_PACKET)
        address.sll_protocol = etherType.bigEndian
        address.sll_ifindex = index
        if let mac {
            address.sll_halen = 6
            withUnsafeMutableBytes(of: &address.sll_addr) { $0.copyBytes(from: mac.prefix(6)) }
        }
        return address
    }
}
