/// Decodes one whole datagram as a TFTP packet (RFC 1350 §5, RFC 2347), for the server and the thin client alike.
///
/// Strings are NUL-terminated and must be UTF-8; the mode must be one RFC 1350 names; options come in name/value
/// pairs with non-empty names, and an OACK carries at least one. An ERROR packet's message is only for people, so a
/// peer that leaves out its NUL or sends other bytes than UTF-8 is still heard (as several servers in the field do).
public enum TFTPPacketDecoder {
    /// The packet in `bytes`; a DATA payload is the slice of `bytes` after the block number.
    @inlinable
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(TFTPWireError)
        -> TFTPPacket<Bytes.SubSequence> where Bytes.SubSequence: Sendable & Hashable
    {
        var reader = TFTPByteReader<Bytes.SubSequence>(bytes[...])
        let rawOpcode = try reader.uint16(field: "opcode")
        guard let opcode = TFTPOpcode(rawValue: rawOpcode) else {
            throw .malformed(reason: "unknown opcode \(rawOpcode)")
        }
        switch opcode {
        case .readRequest:
            return .readRequest(try request(&reader))
        case .writeRequest:
            return .writeRequest(try request(&reader))
        case .data:
            let block = try reader.uint16(field: "block number")
            // RFC 1350 §5: the payload is the rest of the datagram.
            return .data(TFTPData(block: block, payload: reader.rest()))
        case .acknowledgement:
            return .acknowledgement(TFTPAcknowledgement(block: try reader.uint16(field: "block number")))
        case .error:
            let code = try reader.uint16(field: "error code")
            let message = String(decoding: reader.rest().prefix { $0 != 0 }, as: UTF8.self)
            return .error(TFTPErrorPacket(code: TFTPErrorCode(rawValue: code), message: message))
        case .optionAcknowledgement:
            // RFC 2347: an OACK acknowledges at least one option; an empty one is not a valid answer.
            let options = try self.options(&reader)
            guard !options.isEmpty else { throw .truncated(field: "options") }
            return .optionAcknowledgement(TFTPOptionAcknowledgement(options: options))
        }
    }

    /// RFC 1350 §5 and RFC 2347: filename, mode, then option pairs, each NUL-terminated.
    @usableFromInline
    static func request<Bytes>(_ reader: inout TFTPByteReader<Bytes>) throws(TFTPWireError) -> TFTPRequest {
        let fileName = try reader.string(field: "file name")
        let modeName = try reader.string(field: "mode")
        guard let mode = TFTPTransferMode(name: modeName) else {
            throw .malformed(reason: "unknown transfer mode \"\(modeName)\"")
        }
        return TFTPRequest(fileName: fileName, mode: mode, options: try options(&reader))
    }

    @usableFromInline
    static func options<Bytes>(_ reader: inout TFTPByteReader<Bytes>) throws(TFTPWireError) -> [TFTPOption] {
        var options: [TFTPOption] = []
        while !reader.isAtEnd {
            let name = try reader.string(field: "option name")
            let value = try reader.string(field: "value of option \(name)")
            guard !name.isEmpty else { throw .malformed(reason: "empty option name") }
            options.append(TFTPOption(name: name, value: value))
        }
        return options
    }
}
