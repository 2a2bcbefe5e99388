import NIOCore

/// A client attached to or detached from an export; for the boot timeline and logs.
public struct NBDConnectionEvent: Sendable {
    public enum Kind: Hashable, Sendable {
        case attached
        case detached
    }

    public var clientAddress: SocketAddress?
    /// The canonical name of the export.
    public var exportName: String
    public var kind: Kind
    /// Bytes sent to the client by reads so far (zero when attached).
    public var bytesRead: UInt64
    /// Time attached (zero when attached).
    public var duration: Duration

    public init(
        clientAddress: SocketAddress?, exportName: String, kind: Kind, bytesRead: UInt64,
        duration: Duration
    ) {
        self.clientAddress = clientAddress
        self.exportName = exportName
        self.kind = kind
        self.bytesRead = bytesRead
        self.duration = duration
    }
}
