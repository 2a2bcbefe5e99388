/// Every TFTP packet, one case per opcode (RFC 1350 §5, RFC 2347). `Payload` is how a DATA packet holds its bytes.
public enum TFTPPacket<Payload: Sendable & Hashable>: Sendable, Hashable {
    case readRequest(TFTPRequest)
    case writeRequest(TFTPRequest)
    case data(TFTPData<Payload>)
    case acknowledgement(TFTPAcknowledgement)
    case error(TFTPErrorPacket)
    case optionAcknowledgement(TFTPOptionAcknowledgement)

    public var opcode: TFTPOpcode {
        switch self {
        case .readRequest: .readRequest
        case .writeRequest: .writeRequest
        case .data: .data
        case .acknowledgement: .acknowledgement
        case .error: .error
        case .optionAcknowledgement: .optionAcknowledgement
        }
    }

    /// The same packet with a DATA payload held another way (a slice of the datagram becomes the caller's type).
    @inlinable
    public func mapPayload<Other>(_ transform: (Payload) throws(TFTPWireError) -> Other) throws(TFTPWireError)
        -> TFTPPacket<Other>
    {
        switch self {
        case .readRequest(let request): .readRequest(request)
        case .writeRequest(let request): .writeRequest(request)
        case .data(let data): .data(TFTPData(block: data.block, payload: try transform(data.payload)))
        case .acknowledgement(let ack): .acknowledgement(ack)
        case .error(let error): .error(error)
        case .optionAcknowledgement(let oack): .optionAcknowledgement(oack)
        }
    }
}
