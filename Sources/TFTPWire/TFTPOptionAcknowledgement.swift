/// An OACK packet.
///
/// RFC 2347 §"Packet Formats": `| 06 | opt1 | 0 | value1 | 0 | ... |`. It carries only options the client asked for
/// and the server accepted; pxelinux aborts on any other.
public struct TFTPOptionAcknowledgement: Sendable, Hashable {
    public var options: [TFTPOption]

    public init(options: [TFTPOption]) {
        self.options = options
    }
}
