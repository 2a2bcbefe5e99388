import NIOCore

/// Work on an export that the transmission state machine has validated and hands to the glue.
public enum NBDOperation: Hashable, Sendable {
    /// proto.md "`NBD_CMD_READ`": the reply header, then exactly `length` bytes.
    case read(offset: UInt64, length: UInt32)
    /// proto.md "`NBD_CMD_WRITE`"; with `durable`, persist before replying (`NBD_CMD_FLAG_FUA`).
    case write(offset: UInt64, data: ByteBuffer, durable: Bool)
    /// proto.md "`NBD_CMD_FLUSH`": persist every write already replied to.
    case flush
    /// proto.md "`NBD_CMD_TRIM`": the range may read back as anything, so a hole is fine.
    case trim(offset: UInt64, length: UInt32, durable: Bool)
    /// proto.md "`NBD_CMD_WRITE_ZEROES`": the range reads back as zeroes; a hole only when `mayPunchHole`
    /// (`NBD_CMD_FLAG_NO_HOLE` not set).
    case writeZeroes(offset: UInt64, length: UInt32, durable: Bool, mayPunchHole: Bool)
}
