#if canImport(Glibc)
    import SystemSupport
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// The local socket `kiwi-ltsp status` asks the running server through: `<root>/run/kiwi-ltsp/serve.sock`, mode
/// 0600. The protocol is one request line, `status\n`, answered with one JSON document (``BootStatusDocument``)
/// and the end of the connection.
public enum StatusSocket {
    /// Where the socket is on the target system; resolve it under `--root`.
    public static let path = "/run/kiwi-ltsp/serve.sock"
    public static let statusRequest = "status"

    public enum ProbeResult: Equatable, Sendable {
        /// Nothing at the path.
        case absent
        /// A socket nobody listens on: a server that crashed left it.
        case stale
        /// A server answers.
        case live
        /// Something else is at the path.
        case notASocket
    }

    /// What is at `path`, without changing it.
    public static func probe(_ path: String) -> ProbeResult {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .absent }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else { return .notASocket }
        guard let descriptor = try? connect(path) else { return .stale }
        close(descriptor)
        return .live
    }

    /// Sends `request` and reads the whole answer (blocking; for the `status` command and tests).
    public static func request(
        _ request: String = statusRequest, path: String,
        timeoutSeconds: Int = 10
    ) throws -> Data {
        let descriptor = try connect(path)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let line = Array((request + "\n").utf8)
        var sent = 0
        while sent < line.count {
            let count = line[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw StatusSocketError("cannot send to \(path): \(String(cString: strerror(errno)))")
            }
            sent += count
        }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                throw StatusSocketError("no answer from \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return answer }
            answer.append(contentsOf: buffer[0..<count])
        }
    }

    /// A connected stream socket to `path`; throws ``StatusSocketError`` with `errno` when nothing answers.
    static func connect(_ path: String) throws -> Int32 {
        do {
            return try UnixStreamSocket.connect(path)
        } catch {
            throw StatusSocketError(error.description, errno: error.errno)
        }
    }
}

/// The status socket could not be reached or read.
public struct StatusSocketError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var errno: Int32?

    public init(_ description: String, errno: Int32? = nil) {
        self.description = description
        self.errno = errno
    }
}
