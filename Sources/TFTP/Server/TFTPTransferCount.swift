import Synchronization

/// The read transfers running in all loops of a server.
final class TFTPTransferCount: Sendable {
    let value = Atomic<Int>(0)
}
