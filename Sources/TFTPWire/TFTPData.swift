/// A DATA packet.
///
/// RFC 1350 §5: `| 03 | block # | data (0–blksize bytes) |`; a payload shorter than the block size ends
/// the transfer. The payload's type is the caller's: the server keeps NIO's `ByteBuffer`, the thin client `[UInt8]`.
public struct TFTPData<Payload: Sendable & Hashable>: Sendable, Hashable {
    public var block: UInt16
    public var payload: Payload

    public init(block: UInt16, payload: Payload) {
        self.block = block
        self.payload = payload
    }
}
