/// proto.md "Fixed newstyle negotiation": what the server sends before each option reply's data, the reply magic,
/// the option it answers, the reply type and the length of the data.
public struct NBDOptionReplyHeader: Hashable, Sendable, NBDEncodable {
    /// The size of the header on the wire.
    public static let size = 20

    public var option: NBDOptionCode
    public var type: NBDOptionReplyType
    /// The length of the reply data that follows.
    public var length: UInt32

    public init(option: NBDOptionCode, type: NBDOptionReplyType, length: UInt32) {
        self.option = option
        self.type = type
        self.length = length
    }

    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        bytes.appendBigEndian(NBDMagic.optionReply)
        bytes.appendBigEndian(self.option.rawValue)
        bytes.appendBigEndian(self.type.rawValue)
        bytes.appendBigEndian(self.length)
    }

    /// The magic is checked once the whole header is in, so a hostile length can be refused before anyone waits for,
    /// or buffers, its data; the data is the caller's to read.
    public static func read<Bytes>(
        from reader: inout NBDByteReader<Bytes>
    ) throws(NBDWireError) -> NBDOptionReplyHeader? {
        var attempt = reader
        guard let magic = attempt.read(UInt64.self), let option = attempt.read(UInt32.self),
            let type = attempt.read(UInt32.self), let length = attempt.read(UInt32.self)
        else { return nil }
        guard magic == NBDMagic.optionReply else { throw .badMagic(expected: NBDMagic.optionReply, found: magic) }
        reader = attempt
        return NBDOptionReplyHeader(
            option: NBDOptionCode(rawValue: option), type: NBDOptionReplyType(rawValue: type), length: length)
    }
}
