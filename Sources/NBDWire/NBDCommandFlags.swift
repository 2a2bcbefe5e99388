/// proto.md "Command flags": the 16-bit flags of a request.
public struct NBDCommandFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NBD_CMD_FLAG_FUA` (bit 0): persist before replying.
    public static let fua = NBDCommandFlags(rawValue: 1 << 0)
    /// `NBD_CMD_FLAG_NO_HOLE` (bit 1): `NBD_CMD_WRITE_ZEROES` must allocate, not punch a hole.
    public static let noHole = NBDCommandFlags(rawValue: 1 << 1)
}
