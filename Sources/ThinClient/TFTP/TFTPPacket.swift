/// A TFTP packet (RFC 1350 §5, RFC 2347 OACK). A datagram is a whole packet: decoding throws on any truncation.
public enum TFTPPacket: Equatable, Sendable {
    case readRequest(filename: String, mode: String, options: [TFTPOption])
    case writeRequest(filename: String, mode: String, options: [TFTPOption])
    case data(block: UInt16, payload: [UInt8])
    case acknowledgement(block: UInt16)
    case error(code: UInt16, message: String)
    /// RFC 2347: the options the server accepted, answering a request that carried options.
    case optionAcknowledgement([TFTPOption])

    public enum Opcode: UInt16, Sendable {
        case readRequest = 1, writeRequest, data, acknowledgement, error, optionAcknowledgement
    }

    /// RFC 1350 Appendix: error codes.
    public enum ErrorCode {
        public static let notDefined: UInt16 = 0
        public static let fileNotFound: UInt16 = 1
        public static let unknownTransferID: UInt16 = 5
        /// RFC 2347: the request's options were refused.
        public static let optionsRefused: UInt16 = 8
    }

    public var opcode: Opcode {
        switch self {
        case .readRequest: .readRequest
        case .writeRequest: .writeRequest
        case .data: .data
        case .acknowledgement: .acknowledgement
        case .error: .error
        case .optionAcknowledgement: .optionAcknowledgement
        }
    }
}
