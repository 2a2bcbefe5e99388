/// Bytes that are not a TFTP packet. A datagram is a whole packet, so a field cut short is a truncation.
public enum TFTPWireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The datagram ended before the field named here was complete.
    case truncated(field: String)
    /// The datagram was complete but not a valid TFTP packet.
    case malformed(reason: String)

    public var description: String {
        switch self {
        case .truncated(let field): "TFTP packet truncated in \(field)"
        case .malformed(let reason): "malformed TFTP packet: \(reason)"
        }
    }
}
