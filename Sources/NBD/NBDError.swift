#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one error type of the NBD module: what went wrong, and where, in words a person can act on.
public struct NBDError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure, for code that needs to tell them apart.
    public enum Code: Hashable, Sendable {
        /// A magic number on the wire was not the one proto.md requires; the peer is not speaking NBD.
        case badMagic
        /// The client set handshake flags this server does not know (proto.md "Newstyle negotiation": close).
        case unknownClientFlags
        /// An option's data was longer than this server accepts.
        case optionTooLarge
        /// A request or option that the protocol forbids in the current phase.
        case protocolViolation
        /// No export is configured under the name the client asked for.
        case unknownExport
        /// A system call on an export's file failed.
        case io
        /// The configuration cannot be served.
        case invalidConfiguration
    }

    public var code: Code
    public var message: String
    /// The `errno` of a failed system call, when there was one.
    public var errno: Int32?

    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String {
        guard let errno else { return self.message }
        return "\(self.message): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
