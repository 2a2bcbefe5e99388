/// proto.md "Client flags": the 32 bits the client answers the greeting with.
public struct NBDClientFlags: OptionSet, Hashable, Sendable, NBDEncodable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `NBD_FLAG_C_FIXED_NEWSTYLE` (bit 0).
    public static let fixedNewstyle = NBDClientFlags(rawValue: 1 << 0)
    /// `NBD_FLAG_C_NO_ZEROES` (bit 1): leave out the 124 zero bytes after `NBD_OPT_EXPORT_NAME`.
    public static let noZeroes = NBDClientFlags(rawValue: 1 << 1)

    /// Every flag this server understands; proto.md: the server MUST close the connection on any other.
    public static let known: NBDClientFlags = [.fixedNewstyle, .noZeroes]

    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        bytes.appendBigEndian(self.rawValue)
    }

    public static func read<Bytes>(from reader: inout NBDByteReader<Bytes>) -> NBDClientFlags? {
        reader.read(UInt32.self).map(NBDClientFlags.init(rawValue:))
    }
}
