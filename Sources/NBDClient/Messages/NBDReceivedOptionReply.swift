import NBDWire

/// An option reply as this client receives it (proto.md "Option reply"): NBDWire's header, and the payload's bytes,
/// kept raw until the reply's type says what they are.
public struct NBDReceivedOptionReply: Hashable, Sendable {
    /// The largest payload this client reads. Replies to `NBD_OPT_GO` are a few bytes, error messages at most 4096;
    /// anything bigger is a broken or hostile server, refused before any allocation.
    public static let maximumLength = 65_536

    public var option: NBDOptionCode
    public var type: NBDOptionReplyType
    public var payload: [UInt8]

    public init(option: NBDOptionCode, type: NBDOptionReplyType, payload: [UInt8] = []) {
        self.option = option
        self.type = type
        self.payload = payload
    }

    /// Reads one reply from the front of `reader`; `nil` when more bytes are needed (the reader is left where it was).
    /// The magic and the length are checked as soon as the header is in, so a hostile length is refused before the
    /// client waits for, or buffers, its payload.
    public static func read(
        from reader: inout NBDByteReader<[UInt8]>
    ) throws(NBDClientError) -> NBDReceivedOptionReply? {
        var attempt = reader
        let read: NBDOptionReplyHeader?
        do throws(NBDWireError) {
            read = try NBDOptionReplyHeader.read(from: &attempt)
        } catch {
            throw NBDClientError(error.description)
        }
        guard let header = read else { return nil }
        guard header.length <= Self.maximumLength else {
            throw NBDClientError(
                "\(header.type) of \(header.length) bytes is larger than the \(Self.maximumLength) this client accepts")
        }
        guard let payload = attempt.readBytes(Int(header.length)) else { return nil }
        reader = attempt
        return NBDReceivedOptionReply(option: header.option, type: header.type, payload: payload)
    }

    /// The payload of an error reply as text a person can read: printable ASCII only, at most 200 characters, since
    /// it goes to the console of a booting machine.
    public var message: String {
        let printable = self.payload.prefix(200).map { (0x20..<0x7f).contains($0) ? $0 : UInt8(ascii: "?") }
        return String(decoding: printable, as: UTF8.self)
    }
}
