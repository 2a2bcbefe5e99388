/// proto.md "Option reply types": the 32-bit type of an option reply; errors have bit 31 set.
public struct NBDReplyType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `NBD_REP_ACK` (1): the option is done.
    public static let ack = NBDReplyType(rawValue: 1)
    /// `NBD_REP_INFO` (3): one piece of information about the export.
    public static let info = NBDReplyType(rawValue: 3)
    /// `NBD_REP_ERR_UNSUP`: the server does not know the option (an old server: fall back to `NBD_OPT_EXPORT_NAME`).
    public static let errorUnsupported = NBDReplyType(rawValue: 1 << 31 | 1)
    /// `NBD_REP_ERR_POLICY`: the server will not, by its configuration.
    public static let errorPolicy = NBDReplyType(rawValue: 1 << 31 | 2)
    /// `NBD_REP_ERR_UNKNOWN`: no such export.
    public static let errorUnknown = NBDReplyType(rawValue: 1 << 31 | 6)

    public var isError: Bool { self.rawValue & (1 << 31) != 0 }

    public var description: String {
        switch self.rawValue {
        case 1: "NBD_REP_ACK"
        case 2: "NBD_REP_SERVER"
        case 3: "NBD_REP_INFO"
        case 4: "NBD_REP_META_CONTEXT"
        case 1 << 31 | 1: "NBD_REP_ERR_UNSUP"
        case 1 << 31 | 2: "NBD_REP_ERR_POLICY"
        case 1 << 31 | 3: "NBD_REP_ERR_INVALID"
        case 1 << 31 | 4: "NBD_REP_ERR_PLATFORM"
        case 1 << 31 | 5: "NBD_REP_ERR_TLS_REQD"
        case 1 << 31 | 6: "NBD_REP_ERR_UNKNOWN"
        case 1 << 31 | 7: "NBD_REP_ERR_SHUTDOWN"
        case 1 << 31 | 8: "NBD_REP_ERR_BLOCK_SIZE_REQD"
        case 1 << 31 | 9: "NBD_REP_ERR_TOO_BIG"
        case 1 << 31 | 10: "NBD_REP_ERR_EXT_HEADER_REQD"
        default: self.isError ? "NBD_REP_ERR 0x\(String(self.rawValue, radix: 16))" : "reply type \(self.rawValue)"
        }
    }
}
