extension TFTPPacket {
    /// The packet as sent: a 2-byte big-endian opcode, then its fields (RFC 1350 §5).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        Self.append(opcode.rawValue, to: &out)
        switch self {
        case .readRequest(let filename, let mode, let options), .writeRequest(let filename, let mode, let options):
            Self.append(string: filename, to: &out)
            Self.append(string: mode, to: &out)
            Self.append(options: options, to: &out)
        case .data(let block, let payload):
            Self.append(block, to: &out)
            out += payload
        case .acknowledgement(let block):
            Self.append(block, to: &out)
        case .error(let code, let message):
            Self.append(code, to: &out)
            Self.append(string: message, to: &out)
        case .optionAcknowledgement(let options):
            Self.append(options: options, to: &out)
        }
        return out
    }

    public init(decoding bytes: [UInt8]) throws(TFTPPacketError) {
        var reader = Reader(bytes: bytes[...])
        let code = try reader.uint16()
        guard let opcode = Opcode(rawValue: code) else { throw .unknownOpcode(code) }
        switch opcode {
        case .readRequest, .writeRequest:
            let filename = try reader.string()
            let mode = try reader.string()
            let options = try reader.options()
            self =
                opcode == .readRequest
                ? .readRequest(filename: filename, mode: mode, options: options)
                : .writeRequest(filename: filename, mode: mode, options: options)
        case .data:
            self = .data(block: try reader.uint16(), payload: Array(reader.bytes))
        case .acknowledgement:
            self = .acknowledgement(block: try reader.uint16())
        case .error:
            let code = try reader.uint16()
            // Some servers omit the message's NUL; the message is only for people, so take it as it is.
            let message = String(decoding: reader.bytes.prefix { $0 != 0 }, as: UTF8.self)
            self = .error(code: code, message: message)
        case .optionAcknowledgement:
            self = .optionAcknowledgement(try reader.options())
        }
    }

    private static func append(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(value >> 8))
        out.append(UInt8(value & 0xff))
    }

    private static func append(string: String, to out: inout [UInt8]) {
        out += Array(string.utf8)
        out.append(0)
    }

    private static func append(options: [TFTPOption], to out: inout [UInt8]) {
        for option in options {
            append(string: option.name, to: &out)
            append(string: option.value, to: &out)
        }
    }

    private struct Reader {
        var bytes: ArraySlice<UInt8>

        mutating func uint16() throws(TFTPPacketError) -> UInt16 {
            guard bytes.count >= 2 else { throw .truncated }
            let value = UInt16(bytes[bytes.startIndex]) << 8 | UInt16(bytes[bytes.startIndex + 1])
            bytes = bytes.dropFirst(2)
            return value
        }

        mutating func string() throws(TFTPPacketError) -> String {
            guard let end = bytes.firstIndex(of: 0) else { throw .unterminatedString }
            let text = String(decoding: bytes[..<end], as: UTF8.self)
            bytes = bytes[(end + 1)...]
            return text
        }

        mutating func options() throws(TFTPPacketError) -> [TFTPOption] {
            var options: [TFTPOption] = []
            while !bytes.isEmpty {
                let name = try string()
                guard !bytes.isEmpty else { throw .unpairedOption }
                options.append(TFTPOption(name, try string()))
            }
            return options
        }
    }
}
