/// proto.md "Option reply types": the 32-bit reply type; errors have bit 31 set.
public struct NBDOptionReplyType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `NBD_REP_ACK` (1).
    public static let ack = NBDOptionReplyType(rawValue: 1)
    /// `NBD_REP_SERVER` (2): one export of an `NBD_OPT_LIST`.
    public static let server = NBDOptionReplyType(rawValue: 2)
    /// `NBD_REP_INFO` (3).
    public static let info = NBDOptionReplyType(rawValue: 3)
    /// `NBD_REP_ERR_UNSUP` (2^31 + 1): the option is unknown to this server.
    public static let errorUnsupported = NBDOptionReplyType(rawValue: 1 << 31 | 1)
    /// `NBD_REP_ERR_POLICY` (2^31 + 2).
    public static let errorPolicy = NBDOptionReplyType(rawValue: 1 << 31 | 2)
    /// `NBD_REP_ERR_INVALID` (2^31 + 3): the option is known but its data is not valid.
    public static let errorInvalid = NBDOptionReplyType(rawValue: 1 << 31 | 3)
    /// `NBD_REP_ERR_UNKNOWN` (2^31 + 6): no such export.
    public static let errorUnknown = NBDOptionReplyType(rawValue: 1 << 31 | 6)
    /// `NBD_REP_ERR_SHUTDOWN` (2^31 + 7).
    public static let errorShutdown = NBDOptionReplyType(rawValue: 1 << 31 | 7)

    public var isError: Bool { self.rawValue & (1 << 31) != 0 }
}
