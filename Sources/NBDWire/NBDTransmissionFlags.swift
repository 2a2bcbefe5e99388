/// proto.md "Transmission flags": the 16 bits that describe an export to the client.
public struct NBDTransmissionFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NBD_FLAG_HAS_FLAGS` (bit 0): MUST always be set.
    public static let hasFlags = NBDTransmissionFlags(rawValue: 1 << 0)
    /// `NBD_FLAG_READ_ONLY` (bit 1).
    public static let readOnly = NBDTransmissionFlags(rawValue: 1 << 1)
    /// `NBD_FLAG_SEND_FLUSH` (bit 2).
    public static let sendFlush = NBDTransmissionFlags(rawValue: 1 << 2)
    /// `NBD_FLAG_SEND_FUA` (bit 3).
    public static let sendFUA = NBDTransmissionFlags(rawValue: 1 << 3)
    /// `NBD_FLAG_ROTATIONAL` (bit 4).
    public static let rotational = NBDTransmissionFlags(rawValue: 1 << 4)
    /// `NBD_FLAG_SEND_TRIM` (bit 5).
    public static let sendTrim = NBDTransmissionFlags(rawValue: 1 << 5)
    /// `NBD_FLAG_SEND_WRITE_ZEROES` (bit 6).
    public static let sendWriteZeroes = NBDTransmissionFlags(rawValue: 1 << 6)
    /// `NBD_FLAG_CAN_MULTI_CONN` (bit 8): every connection sees the same data, so a flush on one covers all.
    public static let canMultiConn = NBDTransmissionFlags(rawValue: 1 << 8)
}
