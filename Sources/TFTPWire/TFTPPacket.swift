/// Every TFTP packet, one case per opcode (RFC 1350 §5, RFC 2347).
public enum TFTPPacket: Sendable, Hashable {
    case readRequest(TFTPRequest)
    case writeRequest(TFTPRequest)
    case data(TFTPData)
    case acknowledgement(TFTPAcknowledgement)
    case error(TFTPErrorPacket)
    case optionAcknowledgement(TFTPOptionAcknowledgement)

    public var opcode: TFTPOpcode {
        switch self {
        case .readRequest: return .readRequest
        case .writeRequest: return .writeRequest
        case .data: return .data
        case .acknowledgement: return .acknowledgement
        case .error: return .error
        case .optionAcknowledgement: return .optionAcknowledgement
        }
    }
}
