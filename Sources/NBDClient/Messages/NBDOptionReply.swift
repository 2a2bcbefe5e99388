/// proto.md "Option reply": magic, the option it answers, the reply type, and a payload of `length` bytes.
public struct NBDOptionReply: Hashable, Sendable {
    public var option: UInt32
    public var type: NBDReplyType
    public var payload: [UInt8]

    public init(option: UInt32, type: NBDReplyType, payload: [UInt8] = []) {
        self.option = option
        self.type = type
        self.payload = payload
    }

    /// Reads one reply from the front of `reader`; `nil` when more bytes are needed (the reader is left where it was).
    /// The magic and the length are checked as soon as the header is in, so a hostile length is refused before the
    /// client waits for, or buffers, its payload.
    public static func read(from reader: inout ByteReader) throws(NBDClientError) -> NBDOptionReply? {
        var attempt = reader
        guard let magic = attempt.read(UInt64.self), let option = attempt.read(UInt32.self),
            let type = attempt.read(UInt32.self), let length = attempt.read(UInt32.self)
        else { return nil }
        guard magic == NBDWire.optionReplyMagic else {
            throw NBDClientError("option reply magic is 0x\(String(magic, radix: 16)), not 0x3e889045565a9")
        }
        guard length <= NBDWire.maximumReplyLength else {
            throw NBDClientError(
                "\(NBDReplyType(rawValue: type)) of \(length) bytes is larger than the "
                    + "\(NBDWire.maximumReplyLength) this client accepts")
        }
        guard let payload = attempt.readBytes(Int(length)) else { return nil }
        reader = attempt
        return NBDOptionReply(option: option, type: NBDReplyType(rawValue: type), payload: payload)
    }

    /// The payload of an error reply as text a person can read: printable ASCII only, at most 200 characters, since
    /// it goes to the console of a booting machine.
    public var message: String {
        let printable = self.payload.prefix(200).map { (0x20..<0x7f).contains($0) ? $0 : UInt8(ascii: "?") }
        return String(decoding: printable, as: UTF8.self)
    }
}
