import NIOCore

/// One finished transfer, reported to the `onTransfer` callback of ``TFTPServer``.
public struct TFTPTransferEvent: Sendable {
    public enum Direction: Sendable, Hashable {
        /// RRQ: the client downloaded.
        case read
        /// WRQ: the client uploaded.
        case write
    }

    public enum Outcome: Sendable, Hashable {
        case completed
        case failed(reason: String)
    }

    public var client: SocketAddress
    public var fileName: String
    public var direction: Direction
    /// Bytes the client acknowledged (RRQ) or the server stored (WRQ).
    public var bytes: Int64
    public var duration: Duration
    public var blockSize: Int
    public var windowSize: Int
    public var outcome: Outcome

    public init(
        client: SocketAddress,
        fileName: String,
        direction: Direction,
        bytes: Int64,
        duration: Duration,
        blockSize: Int,
        windowSize: Int,
        outcome: Outcome
    ) {
        self.client = client
        self.fileName = fileName
        self.direction = direction
        self.bytes = bytes
        self.duration = duration
        self.blockSize = blockSize
        self.windowSize = windowSize
        self.outcome = outcome
    }
}
