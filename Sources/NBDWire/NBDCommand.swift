/// proto.md "Request types": the 16-bit type of a transmission request.
public struct NBDCommand: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NBD_CMD_READ` (0).
    public static let read = NBDCommand(rawValue: 0)
    /// `NBD_CMD_WRITE` (1): the only request followed by a payload.
    public static let write = NBDCommand(rawValue: 1)
    /// `NBD_CMD_DISC` (2): soft disconnect; no reply.
    public static let disconnect = NBDCommand(rawValue: 2)
    /// `NBD_CMD_FLUSH` (3).
    public static let flush = NBDCommand(rawValue: 3)
    /// `NBD_CMD_TRIM` (4).
    public static let trim = NBDCommand(rawValue: 4)
    /// `NBD_CMD_WRITE_ZEROES` (6).
    public static let writeZeroes = NBDCommand(rawValue: 6)

    public var description: String {
        switch self {
        case .read: "NBD_CMD_READ"
        case .write: "NBD_CMD_WRITE"
        case .disconnect: "NBD_CMD_DISC"
        case .flush: "NBD_CMD_FLUSH"
        case .trim: "NBD_CMD_TRIM"
        case .writeZeroes: "NBD_CMD_WRITE_ZEROES"
        default: "command \(self.rawValue)"
        }
    }
}
