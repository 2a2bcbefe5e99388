/// Bytes that are not a TFTP packet.
public enum TFTPPacketError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated
    case unknownOpcode(UInt16)
    /// A string field without its terminating NUL (RFC 1350 §5).
    case unterminatedString
    /// RFC 2347: options come in name/value pairs.
    case unpairedOption

    public var description: String {
        switch self {
        case .truncated: "truncated packet"
        case .unknownOpcode(let code): "unknown opcode \(code)"
        case .unterminatedString: "string without terminating NUL"
        case .unpairedOption: "option name without a value"
        }
    }
}
