/// proto.md "Fixed newstyle negotiation": what the client sends before each option's data, `IHAVEOPT`, the option
/// and the length of its data.
public struct NBDOptionHeader: Hashable, Sendable, NBDEncodable {
    /// The size of the header on the wire.
    public static let size = 16

    public var code: NBDOptionCode
    /// The length of the option data that follows.
    public var length: UInt32

    public init(code: NBDOptionCode, length: UInt32) {
        self.code = code
        self.length = length
    }

    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        bytes.appendBigEndian(NBDMagic.option)
        bytes.appendBigEndian(self.code.rawValue)
        bytes.appendBigEndian(self.length)
    }

    /// The magic is checked once the whole header is in; the data is the caller's to read, after it has judged the
    /// length.
    public static func read<Bytes>(from reader: inout NBDByteReader<Bytes>) throws(NBDWireError) -> NBDOptionHeader? {
        var attempt = reader
        guard let magic = attempt.read(UInt64.self), let code = attempt.read(UInt32.self),
            let length = attempt.read(UInt32.self)
        else { return nil }
        guard magic == NBDMagic.option else { throw .badMagic(expected: NBDMagic.option, found: magic) }
        reader = attempt
        return NBDOptionHeader(code: NBDOptionCode(rawValue: code), length: length)
    }
}
