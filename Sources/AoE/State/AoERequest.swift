/// A request frame for this target: its header, decoded once, and what follows it.
public struct AoERequest: Hashable, Sendable {
    public var header: AoEHeader
    public var arguments: ArraySlice<UInt8>
    /// Addressed to this shelf and slot, not by broadcast: only such requests are told about their errors.
    public var isExact: Bool

    public var isATA: Bool { header.command == AoECommand.ata }
}
