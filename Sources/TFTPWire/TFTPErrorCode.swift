/// The error code of an ERROR packet.
///
/// RFC 1350 Appendix "Error Codes" defines 0–7; RFC 2347 adds 8 (option negotiation refused). Other values may
/// arrive from the network, so this is a struct over the raw value rather than a closed enum.
public struct TFTPErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let notDefined = TFTPErrorCode(rawValue: 0)
    public static let fileNotFound = TFTPErrorCode(rawValue: 1)
    public static let accessViolation = TFTPErrorCode(rawValue: 2)
    public static let diskFull = TFTPErrorCode(rawValue: 3)
    public static let illegalOperation = TFTPErrorCode(rawValue: 4)
    public static let unknownTransferID = TFTPErrorCode(rawValue: 5)
    public static let fileAlreadyExists = TFTPErrorCode(rawValue: 6)
    public static let noSuchUser = TFTPErrorCode(rawValue: 7)
    public static let optionNegotiationFailed = TFTPErrorCode(rawValue: 8)

    public var description: String {
        switch self.rawValue {
        case 0: return "not defined"
        case 1: return "file not found"
        case 2: return "access violation"
        case 3: return "disk full"
        case 4: return "illegal TFTP operation"
        case 5: return "unknown transfer ID"
        case 6: return "file already exists"
        case 7: return "no such user"
        case 8: return "option negotiation failed"
        default: return "error \(self.rawValue)"
        }
    }
}
