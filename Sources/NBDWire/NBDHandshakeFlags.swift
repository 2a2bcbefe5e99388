/// proto.md "Handshake flags": the 16 bits the server sends after `IHAVEOPT`.
public struct NBDHandshakeFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NBD_FLAG_FIXED_NEWSTYLE` (bit 0): the server speaks fixed newstyle.
    public static let fixedNewstyle = NBDHandshakeFlags(rawValue: 1 << 0)
    /// `NBD_FLAG_NO_ZEROES` (bit 1): the server can leave out the 124 zero bytes after `NBD_OPT_EXPORT_NAME`.
    public static let noZeroes = NBDHandshakeFlags(rawValue: 1 << 1)
}
