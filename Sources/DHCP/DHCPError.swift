#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one error type of the DHCP module.
public enum DHCPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A datagram ended before the field named here was complete.
    case truncatedMessage(field: String)
    /// A datagram was complete but not a DHCP message we can read.
    case malformedMessage(reason: String)
    /// A system call on a socket, file or directory failed.
    case io(operation: String, path: String, errno: Int32)
    /// The configuration cannot work; the reason says what to change.
    case invalidConfiguration(reason: String)

    public var description: String {
        switch self {
        case .truncatedMessage(let field):
            return "DHCP message truncated in \(field)"
        case .malformedMessage(let reason):
            return "malformed DHCP message: \(reason)"
        case .io(let operation, let path, let errno):
            return "\(operation) \(path) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .invalidConfiguration(let reason):
            return "invalid DHCP configuration: \(reason)"
        }
    }
}
