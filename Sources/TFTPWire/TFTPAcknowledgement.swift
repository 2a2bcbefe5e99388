/// An ACK packet.
///
/// RFC 1350 §5: `| 04 | block # |`. Block 0 acknowledges a WRQ or (RFC 2347) an OACK.
public struct TFTPAcknowledgement: Sendable, Hashable {
    public var block: UInt16

    public init(block: UInt16) {
        self.block = block
    }
}
