/// The first two bytes of every TFTP packet.
///
/// RFC 1350 §5 defines opcodes 1–5; RFC 2347 §"Packet Formats" adds 6 (OACK).
public enum TFTPOpcode: UInt16, Sendable, Hashable {
    case readRequest = 1
    case writeRequest = 2
    case data = 3
    case acknowledgement = 4
    case error = 5
    case optionAcknowledgement = 6
}
