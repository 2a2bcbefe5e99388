/// proto.md "Request message": the 28-byte header of a transmission request. The payload of `NBD_CMD_WRITE`
/// follows it on the wire and is read separately, once the state machine has accepted its length.
public struct NBDRequest: Hashable, Sendable, NBDEncodable {
    /// The size of the header on the wire.
    public static let headerSize = 28

    public var flags: NBDCommandFlags
    public var command: NBDCommand
    /// Chosen by the client and echoed in the reply; replies may go out in any order.
    public var handle: UInt64
    public var offset: UInt64
    public var length: UInt32

    public init(flags: NBDCommandFlags = [], command: NBDCommand, handle: UInt64, offset: UInt64, length: UInt32) {
        self.flags = flags
        self.command = command
        self.handle = handle
        self.offset = offset
        self.length = length
    }

    /// Magic, command flags, type, handle, offset, length.
    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        bytes.appendBigEndian(NBDMagic.request)
        bytes.appendBigEndian(self.flags.rawValue)
        bytes.appendBigEndian(self.command.rawValue)
        bytes.appendBigEndian(self.handle)
        bytes.appendBigEndian(self.offset)
        bytes.appendBigEndian(self.length)
    }

    /// The header only; the magic is checked once the whole header is in.
    @inlinable
    public static func read<Bytes>(from reader: inout NBDByteReader<Bytes>) throws(NBDWireError) -> NBDRequest? {
        var attempt = reader
        guard let magic = attempt.read(UInt32.self), let flags = attempt.read(UInt16.self),
            let type = attempt.read(UInt16.self), let handle = attempt.read(UInt64.self),
            let offset = attempt.read(UInt64.self), let length = attempt.read(UInt32.self)
        else { return nil }
        guard magic == NBDMagic.request else {
            throw .badMagic(expected: UInt64(NBDMagic.request), found: UInt64(magic))
        }
        reader = attempt
        return NBDRequest(
            flags: NBDCommandFlags(rawValue: flags), command: NBDCommand(rawValue: type),
            handle: handle, offset: offset, length: length)
    }
}
