/// proto.md "Option types": the 32-bit option field of a client option.
public struct NBDOptionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `NBD_OPT_EXPORT_NAME` (1): choose an export and enter transmission, with no way to report an error.
    public static let exportName = NBDOptionCode(rawValue: 1)
    /// `NBD_OPT_ABORT` (2): the client ends the session (soft disconnect).
    public static let abort = NBDOptionCode(rawValue: 2)
    /// `NBD_OPT_LIST` (3): list the exports.
    public static let list = NBDOptionCode(rawValue: 3)
    /// `NBD_OPT_STARTTLS` (5).
    public static let startTLS = NBDOptionCode(rawValue: 5)
    /// `NBD_OPT_INFO` (6): describe an export without entering transmission.
    public static let info = NBDOptionCode(rawValue: 6)
    /// `NBD_OPT_GO` (7): describe an export and enter transmission.
    public static let go = NBDOptionCode(rawValue: 7)
    /// `NBD_OPT_STRUCTURED_REPLY` (8).
    public static let structuredReply = NBDOptionCode(rawValue: 8)

    public var description: String {
        switch self {
        case .exportName: "NBD_OPT_EXPORT_NAME"
        case .abort: "NBD_OPT_ABORT"
        case .list: "NBD_OPT_LIST"
        case .startTLS: "NBD_OPT_STARTTLS"
        case .info: "NBD_OPT_INFO"
        case .go: "NBD_OPT_GO"
        case .structuredReply: "NBD_OPT_STRUCTURED_REPLY"
        default: "option \(self.rawValue)"
        }
    }
}
