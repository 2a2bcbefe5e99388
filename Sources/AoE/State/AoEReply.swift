/// What the target sends back for one request: the AoE header and arguments, then (for a read or IDENTIFY) data.
public struct AoEReply: Hashable, Sendable {
    /// Header and arguments, and IDENTIFY's page; a read's sectors follow from the image.
    public var bytes: [UInt8]
    /// The image's sectors to append, for a read.
    public var sectors: Range<UInt64>?

    public init(bytes: [UInt8], sectors: Range<UInt64>? = nil) {
        self.bytes = bytes
        self.sectors = sectors
    }
}
