import NIOCore

/// One answered request, for the boot timeline (`http KIWI/linux-ltsp 7.8 MiB in 0.4 s`).
public struct HTTPTransferEvent: Sendable {
    public var client: SocketAddress?
    /// The decoded file name, or the raw target when it was not one.
    public var fileName: String
    public var method: String
    public var status: Int
    /// Body bytes written (0 for HEAD and errors).
    public var bytes: Int64
    public var duration: Duration

    public init(
        client: SocketAddress?, fileName: String, method: String, status: Int, bytes: Int64,
        duration: Duration
    ) {
        self.client = client
        self.fileName = fileName
        self.method = method
        self.status = status
        self.bytes = bytes
        self.duration = duration
    }
}
