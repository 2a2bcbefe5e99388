/// proto.md "`NBD_REP_INFO`": the 16-bit information type of an `NBD_REP_INFO` reply.
public struct NBDInfoType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NBD_INFO_EXPORT` (0): size and transmission flags; always sent.
    public static let export = NBDInfoType(rawValue: 0)
    /// `NBD_INFO_NAME` (1).
    public static let name = NBDInfoType(rawValue: 1)
    /// `NBD_INFO_DESCRIPTION` (2).
    public static let description = NBDInfoType(rawValue: 2)
    /// `NBD_INFO_BLOCK_SIZE` (3).
    public static let blockSize = NBDInfoType(rawValue: 3)
}
