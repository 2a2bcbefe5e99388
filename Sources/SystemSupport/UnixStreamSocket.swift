#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stream socket connected to a local (`AF_UNIX`) path: the one `connect` for `kiwi-ltsp status` and for the
/// tests' virtual machine consoles.
public enum UnixStreamSocket {
    /// Why no connection was made; `errno` is nil when the path itself cannot be used.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        public let errno: Int32?
    }

    /// A descriptor (close-on-exec) connected to `path`; the caller closes it.
    public static func connect(_ path: String) throws(Failure) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(description: "socket path too long: \(path)", errno: nil)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        #if canImport(Glibc)
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else {
            let code = errno
            throw Failure(description: "socket: \(String(cString: strerror(code)))", errno: code)
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(description: "cannot connect to \(path): \(String(cString: strerror(code)))", errno: code)
        }
        return descriptor
    }
}

#if canImport(Glibc)
    private let systemConnect = Glibc.connect
#elseif canImport(Darwin)
    private let systemConnect = Darwin.connect
#endif
