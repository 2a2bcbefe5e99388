/// proto.md "Simple reply message": magic, error, handle; a successful `NBD_CMD_READ` reply is followed by the data.
public struct NBDSimpleReply: Hashable, Sendable, NBDEncodable {
    /// The size of the header on the wire.
    public static let headerSize = 16

    public var error: NBDErrorCode
    public var handle: UInt64

    public init(error: NBDErrorCode = .success, handle: UInt64) {
        self.error = error
        self.handle = handle
    }

    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        bytes.appendBigEndian(NBDMagic.simpleReply)
        bytes.appendBigEndian(self.error.rawValue)
        bytes.appendBigEndian(self.handle)
    }

    /// The header only (the data of a read is the caller's: only it knows the length it asked for); the magic is
    /// checked once the whole header is in.
    @inlinable
    public static func read<Bytes>(from reader: inout NBDByteReader<Bytes>) throws(NBDWireError) -> NBDSimpleReply? {
        var attempt = reader
        guard let magic = attempt.read(UInt32.self), let error = attempt.read(UInt32.self),
            let handle = attempt.read(UInt64.self)
        else { return nil }
        guard magic == NBDMagic.simpleReply else {
            throw .badMagic(expected: UInt64(NBDMagic.simpleReply), found: UInt64(magic))
        }
        reader = attempt
        return NBDSimpleReply(error: NBDErrorCode(rawValue: error), handle: handle)
    }
}
