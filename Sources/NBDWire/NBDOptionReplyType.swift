/// proto.md "Option reply types": the 32-bit reply type; errors have bit 31 set.
public struct NBDOptionReplyType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `NBD_REP_ACK` (1): the option is done.
    public static let ack = NBDOptionReplyType(rawValue: 1)
    /// `NBD_REP_SERVER` (2): one export of an `NBD_OPT_LIST`.
    public static let server = NBDOptionReplyType(rawValue: 2)
    /// `NBD_REP_INFO` (3): one piece of information about the export.
    public static let info = NBDOptionReplyType(rawValue: 3)
    /// `NBD_REP_ERR_UNSUP` (2^31 + 1): the option is unknown to the server (an old server: a client falls back to
    /// `NBD_OPT_EXPORT_NAME`).
    public static let errorUnsupported = NBDOptionReplyType(rawValue: 1 << 31 | 1)
    /// `NBD_REP_ERR_POLICY` (2^31 + 2): the server will not, by its configuration.
    public static let errorPolicy = NBDOptionReplyType(rawValue: 1 << 31 | 2)
    /// `NBD_REP_ERR_INVALID` (2^31 + 3): the option is known but its data is not valid.
    public static let errorInvalid = NBDOptionReplyType(rawValue: 1 << 31 | 3)
    /// `NBD_REP_ERR_UNKNOWN` (2^31 + 6): no such export.
    public static let errorUnknown = NBDOptionReplyType(rawValue: 1 << 31 | 6)
    /// `NBD_REP_ERR_SHUTDOWN` (2^31 + 7).
    public static let errorShutdown = NBDOptionReplyType(rawValue: 1 << 31 | 7)

    public var isError: Bool { self.rawValue & (1 << 31) != 0 }

    /// The name proto.md gives the type, for messages.
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
