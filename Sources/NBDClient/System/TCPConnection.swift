import Glibc

/// A blocking TCP connection to the NBD server. The descriptor is closed on deinit; after the handshake it is handed
/// to the kernel (`NBD_SET_SOCK`), which keeps its own reference.
public final class TCPConnection {
    public let descriptor: Int32
    /// `HOST:PORT` (`[HOST]:PORT` for IPv6), for messages.
    public let server: String

    /// What one `receive` got.
    public enum Received {
        case bytes([UInt8])
        case closed
        case timedOut
    }

    private init(descriptor: Int32, server: String) {
        self.descriptor = descriptor
        self.server = server
    }

    deinit { close(self.descriptor) }

    /// `host` as shown in messages, with IPv6 literals in brackets.
    public static func display(host: String, port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Connects to `host` (an IPv4 or IPv6 literal, or a name resolved by getaddrinfo) and `port`, trying every
    /// address, and again every half second until `timeout` seconds have passed: in a lab that powers on at once, the
    /// clients may be up before the server's NBD service.
    public static func connect(host: String, port: UInt16, timeout: Int) throws(NBDClientError) -> TCPConnection {
        let server = display(host: host, port: port)
        let deadline = Deadline(secondsFromNow: timeout)
        var lastError = "no address"
        repeat {
            switch attempt(host: host, port: port, deadline: deadline) {
            case .success(let descriptor):
                return TCPConnection(descriptor: descriptor, server: server)
            case .failure(let error):
                lastError = error.message
            }
            deadline.sleep(milliseconds: 500)
        } while !deadline.hasPassed
        throw NBDClientError("cannot connect to \(server) within \(timeout) s: \(lastError)")
    }

    private static func attempt(host: String, port: UInt16, deadline: Deadline) -> Result<Int32, NBDClientError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            return .failure(NBDClientError("cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var lastError = NBDClientError("no address for \(host)")
        var entry = list
        while let address = entry?.pointee {
            entry = address.ai_next
            switch connect(address, deadline: deadline) {
            case .success(let descriptor): return .success(descriptor)
            case .failure(let error): lastError = error
            }
        }
        return .failure(lastError)
    }

    /// A non-blocking connect bounded by the deadline (at least a second, so `--timeout 0` still tries once), then
    /// back to blocking mode for the handshake and the kernel.
    private static func connect(_ address: addrinfo, deadline: Deadline) -> Result<Int32, NBDClientError> {
        let descriptor = socket(
            address.ai_family,
            address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue)
                | Int32(SOCK_NONBLOCK.rawValue), address.ai_protocol)
        guard descriptor >= 0 else { return .failure(.system("socket")) }
        if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                let error = NBDClientError.system("connect")
                close(descriptor)
                return .failure(error)
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&poller, 1, Int32(min(max(deadline.remainingMilliseconds, 1000), 60_000)))
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if ready <= 0 {
                code = ready == 0 ? ETIMEDOUT : errno
            } else if getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length) != 0 {
                code = errno
            }
            guard code == 0 else {
                close(descriptor)
                return .failure(.system("connect", code))
            }
        }
        var on: Int32 = 1
        // The kernel sends each request as header and payload; without TCP_NODELAY Nagle delays the second part.
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return .success(descriptor)
    }

    /// Bounds every `send` and `receive` (0: no bound). The kernel gets the socket with the bound removed: its own
    /// request timeout is the one that applies then.
    public func setIOTimeout(seconds: Int) {
        var value = timeval(tv_sec: seconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, size)
        _ = setsockopt(self.descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, size)
    }

    public func send(_ bytes: [UInt8]) throws(NBDClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { buffer in
                Glibc.send(self.descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { throw NBDClientError("\(self.server) stopped reading") }
                throw .system("send to \(self.server)")
            }
            offset += sent
        }
    }

    /// Up to `maximum` bytes, whatever has arrived.
    public func receive(maximum: Int = 4096) throws(NBDClientError) -> Received {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { return .bytes(Array(buffer[0..<count])) }
            if count == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN: return .timedOut
            case ECONNRESET: return .closed
            default: throw .system("receive from \(self.server)")
            }
        }
    }
}
