import Foundation
import Logging
import ServerSupport
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Router advertisements on the client interfaces (``RouterAdvertisementMessage``): one ICMPv6 raw socket per
/// interface, joined to all-routers (ff02::2) for solicitations and sending to all-nodes (ff02::1) with hop limit
/// 255 (§6.1.2: receivers drop anything else). One thread waits on the sockets; the schedule is pure.
public final class RouterAdvertiser: Service, Sendable {
    public let interfaces: [String]
    private let logger: Logger
    private let interval: Duration
    private let stopPipe: (read: Int32, write: Int32)
    private let counts = Mutex((sent: 0, solicitations: 0))

    public init(interfaces: [String], interval: Duration = .seconds(200), logger: Logger) throws {
        self.interfaces = interfaces
        self.interval = interval
        self.logger = logger
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw RouterAdvertiserError("pipe: \(String(cString: strerror(errno)))") }
        stopPipe = (ends[0], ends[1])
    }

    deinit {
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// Advertisements sent and solicitations answered so far.
    public var statistics: (sent: Int, solicitations: Int) { counts.withLock { $0 } }

    public func run() async throws {
        let sockets = interfaces.compactMap { name -> (name: String, fd: Int32, index: UInt32)? in
            do {
                return try Self.open(name)
            } catch {
                logger.warning("router advertisements: \(name): \(error)")
                return nil
            }
        }
        guard !sockets.isEmpty else {
            logger.warning("router advertisements: no interface to send on; iPXE clients wait for IPv6 routers")
            return
        }
        logger.info("router advertisements on \(sockets.map(\.name).joined(separator: ", ")) (router lifetime 0)")
        let stopPipe = self.stopPipe
        await withGracefulShutdownHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    loop(sockets)
                    continuation.resume()
                }
                thread.start()
            }
        } onGracefulShutdown: {
            var byte: UInt8 = 1
            _ = write(stopPipe.write, &byte, 1)
        }
        for socket in sockets { close(socket.fd) }
    }

    private func loop(_ sockets: [(name: String, fd: Int32, index: UInt32)]) {
        let clock = ContinuousClock()
        let origin = clock.now
        var schedules = sockets.map { _ in RouterAdvertisementSchedule(start: .zero, interval: interval) }
        var buffer = [UInt8](repeating: 0, count: 1500)
        while true {
            let now = clock.now - origin
            for (index, socket) in sockets.enumerated() where schedules[index].isDue(now) {
                if Self.advertise(on: socket) {
                    counts.withLock { $0.sent += 1 }
                } else {
                    logger.debug("router advertisement on \(socket.name): \(String(cString: strerror(errno)))")
                }
                schedules[index].sent(at: now)
            }
            let wait = schedules.map(\.next).min().map { max(.zero, $0 - (clock.now - origin)) } ?? interval
            var descriptors =
                [pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
                + sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let (seconds, attoseconds) = wait.components
            _ = poll(
                &descriptors, nfds_t(descriptors.count), Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            )
            if descriptors[0].revents != 0 { return }
            for (index, socket) in sockets.enumerated() where descriptors[index + 1].revents != 0 {
                let count = recv(socket.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if count > 0, RouterAdvertisementMessage.isSolicitation(Array(buffer[0..<count])) {
                    counts.withLock { $0.solicitations += 1 }
                    schedules[index].solicited(at: clock.now - origin)
                }
            }
        }
    }

    /// An ICMPv6 raw socket bound to `name`: hop limit 255, all-routers joined, only solicitations let through.
    static func open(_ name: String) throws -> (name: String, fd: Int32, index: UInt32) {
        let index = if_nametoindex(name)
        guard index != 0 else { throw RouterAdvertiserError("no such interface") }
        let fd = socket(AF_INET6, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_ICMPV6))
        guard fd >= 0 else { throw RouterAdvertiserError("ICMPv6 socket: \(String(cString: strerror(errno)))") }
        func option(_ level: Int32, _ name: Int32, _ value: Int32) -> Bool {
            var value = value
            return setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0
        }
        var ok = name.withCString { setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0, socklen_t(name.utf8.count)) } == 0
        ok = ok && option(Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS, 255)
        ok = ok && option(Int32(IPPROTO_IPV6), IPV6_UNICAST_HOPS, 255)
        ok = ok && option(Int32(IPPROTO_IPV6), IPV6_MULTICAST_LOOP, 0)
        // RFC 3542 §3.2: pass type 133 only.
        var filter = [UInt32](repeating: 0xFFFF_FFFF, count: 8)
        filter[Int(RouterAdvertisementMessage.solicitationType) >> 5] &=
            ~(1 << (UInt32(RouterAdvertisementMessage.solicitationType) & 31))
        ok = ok && setsockopt(fd, Int32(IPPROTO_ICMPV6), 1 /* ICMP6_FILTER */, &filter, socklen_t(32)) == 0
        var group = ipv6_mreq()
        group.ipv6mr_multiaddr = allRouters
        group.ipv6mr_interface = index
        ok =
            ok
            && setsockopt(
                fd, Int32(IPPROTO_IPV6), IPV6_ADD_MEMBERSHIP, &group,
                socklen_t(MemoryLayout<ipv6_mreq>.size)) == 0
        guard ok else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw RouterAdvertiserError("socket options: \(reason)")
        }
        return (name, fd, index)
    }

    static func advertise(on socket: (name: String, fd: Int32, index: UInt32)) -> Bool {
        var destination = sockaddr_in6()
        destination.sin6_family = sa_family_t(AF_INET6)
        destination.sin6_addr = allNodes
        destination.sin6_scope_id = socket.index
        let bytes = RouterAdvertisementMessage.bytes
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &destination) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(socket.fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        return sent == bytes.count
    }

    static let allNodes = address([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    static let allRouters = address([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])

    static func address(_ bytes: [UInt8]) -> in6_addr {
        var value = in6_addr()
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes) }
        return value
    }
}

public struct RouterAdvertiserError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
