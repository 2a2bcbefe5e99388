import NIOCore

/// A DATA packet.
///
/// RFC 1350 §5: `| 03 | block # | data (0–blksize bytes) |`; a payload shorter than the block size ends
/// the transfer.
public struct TFTPData: Sendable, Hashable {
    public var block: UInt16
    public var payload: ByteBuffer

    public init(block: UInt16, payload: ByteBuffer) {
        self.block = block
        self.payload = payload
    }
}
