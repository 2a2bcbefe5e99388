/// proto.md "Newstyle negotiation": the server's first message, `NBDMAGIC`, `IHAVEOPT` and 16 bits of handshake flags.
public struct NBDGreeting: Hashable, Sendable, NBDEncodable {
    /// The size of the greeting on the wire.
    public static let size = 18

    public var flags: NBDHandshakeFlags

    public init(flags: NBDHandshakeFlags) {
        self.flags = flags
    }

    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        bytes.appendBigEndian(NBDMagic.initial)
        bytes.appendBigEndian(NBDMagic.option)
        bytes.appendBigEndian(self.flags.rawValue)
    }

    /// `NBDMAGIC` is checked as soon as its 8 bytes are in, so a peer that is no NBD server is refused at once;
    /// `IHAVEOPT` once the whole greeting is (an oldstyle server sends ``NBDMagic/oldstyle`` in its place).
    public static func read<Bytes>(from reader: inout NBDByteReader<Bytes>) throws(NBDWireError) -> NBDGreeting? {
        var attempt = reader
        guard let initial = attempt.read(UInt64.self) else { return nil }
        guard initial == NBDMagic.initial else { throw .badMagic(expected: NBDMagic.initial, found: initial) }
        guard let option = attempt.read(UInt64.self), let flags = attempt.read(UInt16.self) else { return nil }
        guard option == NBDMagic.option else { throw .badMagic(expected: NBDMagic.option, found: option) }
        reader = attempt
        return NBDGreeting(flags: NBDHandshakeFlags(rawValue: flags))
    }
}
