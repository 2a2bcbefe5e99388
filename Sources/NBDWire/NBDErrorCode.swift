/// proto.md "Error values": the 32-bit error of a reply. The values are Linux errno numbers, fixed by the protocol
/// whatever the server's platform.
public struct NBDErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let success = NBDErrorCode(rawValue: 0)
    /// `NBD_EPERM`: writes to a read-only export.
    public static let notPermitted = NBDErrorCode(rawValue: 1)
    /// `NBD_EIO`.
    public static let ioError = NBDErrorCode(rawValue: 5)
    /// `NBD_ENOMEM`.
    public static let outOfMemory = NBDErrorCode(rawValue: 12)
    /// `NBD_EINVAL`: out-of-range reads, oversize requests, unknown commands.
    public static let invalid = NBDErrorCode(rawValue: 22)
    /// `NBD_ENOSPC`: writes past the end of the export.
    public static let noSpace = NBDErrorCode(rawValue: 28)
    /// `NBD_EOVERFLOW`.
    public static let overflow = NBDErrorCode(rawValue: 75)
    /// `NBD_ENOTSUP`.
    public static let notSupported = NBDErrorCode(rawValue: 95)
    /// `NBD_ESHUTDOWN`: the server is shutting down.
    public static let shutdown = NBDErrorCode(rawValue: 108)

    public var description: String {
        switch self {
        case .success: "success"
        case .notPermitted: "EPERM"
        case .ioError: "EIO"
        case .outOfMemory: "ENOMEM"
        case .invalid: "EINVAL"
        case .noSpace: "ENOSPC"
        case .overflow: "EOVERFLOW"
        case .notSupported: "ENOTSUP"
        case .shutdown: "ESHUTDOWN"
        default: "error \(self.rawValue)"
        }
    }
}
