import NIOCore

/// Where the HTTP server listens and the limits a client cannot go past.
public struct HTTPFileServerConfiguration: Sendable {
    public static let defaultPort = 8069

    public var bindAddresses: [SocketAddress]
    /// Connections open at once; more are closed at once.
    public var maximumConnections: Int
    /// A connection that neither sends nor takes anything for this long is closed (a silent client, a reader that
    /// stopped reading, a keep-alive connection left open).
    public var idleTimeout: TimeAmount
    /// A request's head must be complete this long after the connection opened or the previous answer went out: a
    /// client that trickles a header a byte at a time (which resets an idle timer) is cut off all the same.
    public var headTimeout: TimeAmount
    /// A GET or HEAD has no business sending a body; one larger than this closes the connection.
    public var maximumBodyBytes: Int

    public init(
        bindAddresses: [SocketAddress], maximumConnections: Int = 1024, idleTimeout: TimeAmount = .seconds(30),
        headTimeout: TimeAmount = .seconds(10), maximumBodyBytes: Int = 64 * 1024
    ) {
        self.bindAddresses = bindAddresses
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
        self.headTimeout = headTimeout
        self.maximumBodyBytes = maximumBodyBytes
    }
}
