/// proto.md "`NBD_OPT_EXPORT_NAME` (1)": the server's answer, which ends the handshake: the export's 64-bit size, its
/// 16-bit transmission flags, then 124 zero bytes unless the client set `NBD_FLAG_C_NO_ZEROES`.
public struct NBDExportNameReply: Hashable, Sendable {
    /// The number of zero bytes after the flags, when they are sent.
    public static let zeroesLength = 124

    public var size: UInt64
    public var flags: NBDTransmissionFlags

    public init(size: UInt64, flags: NBDTransmissionFlags) {
        self.size = size
        self.flags = flags
    }

    @inlinable
    public func encode(into bytes: inout some NBDByteSink, zeroes: Bool) {
        bytes.appendBigEndian(self.size)
        bytes.appendBigEndian(self.flags.rawValue)
        if zeroes { bytes.append(contentsOf: repeatElement(0, count: Self.zeroesLength)) }
    }

    /// With `zeroes`, the 124 bytes are waited for and skipped, not checked.
    public static func read<Bytes>(from reader: inout NBDByteReader<Bytes>, zeroes: Bool) -> NBDExportNameReply? {
        var attempt = reader
        guard let size = attempt.read(UInt64.self), let flags = attempt.read(UInt16.self),
            !zeroes || attempt.readSlice(Self.zeroesLength) != nil
        else { return nil }
        reader = attempt
        return NBDExportNameReply(size: size, flags: NBDTransmissionFlags(rawValue: flags))
    }
}
