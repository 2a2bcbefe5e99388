import Glibc
import LDMInfoWire

/// Asks every login server's info service (TCP 9571) at once, each with a short deadline, so one server that does not
/// answer costs the greeter at most `timeout`, not one timeout per server.
public struct InfoQuery: Sendable {
    public static let port: UInt16 = 9571
    public var port: UInt16
    public var timeout: Duration
    /// A reply longer than this is cut (a reply is a few kilobytes).
    public var maximumBytes = 256 * 1024

    public init(port: UInt16 = InfoQuery.port, timeout: Duration = .seconds(2)) {
        self.port = port
        self.timeout = timeout
    }

    private struct Pending {
        var index: Int
        var fd: Int32
        var connected = false
        var bytes: [UInt8] = []
    }

    public func reports(for servers: [String]) -> [ServerReport] {
        var reports = servers.map { ServerReport(server: $0, reach: .unreachable("no answer")) }
        var pending: [Pending] = []
        for (index, server) in servers.enumerated() {
            switch Self.startConnect(server, port: port) {
            case .connecting(let fd): pending.append(Pending(index: index, fd: fd))
            case .failed(let reason): reports[index].reach = reason
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !pending.isEmpty {
            let left = deadline - clock.now
            guard left > .zero else { break }
            var descriptors = pending.map {
                pollfd(fd: $0.fd, events: Int16($0.connected ? POLLIN : POLLOUT), revents: 0)
            }
            let (seconds, attoseconds) = left.components
            let ready = poll(
                &descriptors, nfds_t(descriptors.count), Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            )
            if ready < 0 && errno != EINTR { break }
            var finished: [Int] = []
            for (slot, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                if let reach = step(&pending[slot]) {
                    reports[pending[slot].index].reach = reach
                    finished.append(slot)
                }
            }
            for slot in finished.reversed() {
                close(pending[slot].fd)
                pending.remove(at: slot)
            }
        }
        for entry in pending {
            close(entry.fd)
            reports[entry.index].reach = .unreachable("no answer within \(timeout.components.seconds) s")
        }
        return reports
    }

    /// One readiness event: the connection completes, or more of the reply arrives; a result when it is over.
    private func step(_ entry: inout Pending) -> ServerReport.Reach? {
        if !entry.connected {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(entry.fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error == ECONNREFUSED { return .noInfoService }
            if error != 0 { return .unreachable(String(cString: strerror(error))) }
            entry.connected = true
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: 16384)
        let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return nil }
            return entry.bytes.isEmpty ? .unreachable(String(cString: strerror(errno))) : answered(entry.bytes)
        }
        if count == 0 { return answered(entry.bytes) }
        entry.bytes += buffer[0..<count]
        return entry.bytes.count >= maximumBytes ? answered(entry.bytes) : nil
    }

    private func answered(_ bytes: [UInt8]) -> ServerReport.Reach {
        .answered(LDMInfo(parsing: String(decoding: bytes.prefix(maximumBytes), as: UTF8.self)))
    }

    enum Start {
        case connecting(Int32)
        case failed(ServerReport.Reach)
    }

    /// A non-blocking connect to the first address of `server` (an IPv4 or IPv6 address or a name).
    static func startConnect(_ server: String, port: UInt16) -> Start {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(server, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failed(.unreachable("cannot resolve \(server): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        let fd = socket(
            first.pointee.ai_family,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failed(.unreachable(String(cString: strerror(errno)))) }
        if connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 && errno != EINPROGRESS {
            let code = errno
            close(fd)
            return .failed(code == ECONNREFUSED ? .noInfoService : .unreachable(String(cString: strerror(code))))
        }
        return .connecting(fd)
    }
}
