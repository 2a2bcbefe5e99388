/// The payload of one `NBD_REP_INFO` reply (proto.md "`NBD_REP_INFO` (3)").
public enum NBDInfo: Hashable, Sendable {
    /// `NBD_INFO_EXPORT`: 64-bit size, 16-bit transmission flags.
    case export(size: UInt64, flags: NBDTransmissionFlags)
    /// `NBD_INFO_NAME`: the canonical name of the export.
    case name(String)
    /// `NBD_INFO_DESCRIPTION`: text for a person.
    case description(String)
    /// `NBD_INFO_BLOCK_SIZE`: minimum, preferred and maximum block sizes (the maximum bounds request payloads).
    case blockSize(minimum: UInt32, preferred: UInt32, maximum: UInt32)

    public var type: NBDInfoType {
        switch self {
        case .export: .export
        case .name: .name
        case .description: .description
        case .blockSize: .blockSize
        }
    }
}
