extension TFTPPacket {
    /// The packet as sent, up to a DATA packet's payload, which follows these bytes on the wire: a 2-byte big-endian
    /// opcode, then its fields (RFC 1350 §5), strings NUL-terminated.
    public var headerBytes: [UInt8] {
        var out: [UInt8] = []
        Self.append(opcode.rawValue, to: &out)
        switch self {
        case .readRequest(let request), .writeRequest(let request):
            Self.append(string: request.fileName, to: &out)
            Self.append(string: request.mode.rawValue, to: &out)
            Self.append(options: request.options, to: &out)
        case .data(let data):
            Self.append(data.block, to: &out)
        case .acknowledgement(let ack):
            Self.append(ack.block, to: &out)
        case .error(let error):
            Self.append(error.code.rawValue, to: &out)
            Self.append(string: error.message, to: &out)
        case .optionAcknowledgement(let oack):
            Self.append(options: oack.options, to: &out)
        }
        return out
    }

    private static func append(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(value >> 8))
        out.append(UInt8(value & 0xff))
    }

    private static func append(string: String, to out: inout [UInt8]) {
        out += string.utf8
        out.append(0)
    }

    private static func append(options: [TFTPOption], to out: inout [UInt8]) {
        for option in options {
            append(string: option.name, to: &out)
            append(string: option.value, to: &out)
        }
    }
}

extension TFTPPacket where Payload == [UInt8] {
    /// The whole packet as sent.
    public var bytes: [UInt8] {
        guard case .data(let data) = self else { return headerBytes }
        return headerBytes + data.payload
    }

    /// The packet in `bytes`, a whole datagram.
    public init(decoding bytes: [UInt8]) throws(TFTPWireError) {
        self = try TFTPPacketDecoder.decode(bytes).mapPayload { Array($0) }
    }
}
