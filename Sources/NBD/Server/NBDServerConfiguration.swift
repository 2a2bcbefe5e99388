import NIOCore

/// Everything an ``NBDServer`` serves, and how.
public struct NBDServerConfiguration: Sendable {
    /// Addresses to listen on, e.g. 192.168.67.1:10809; port 0 picks a free port (tests).
    public var bindAddresses: [SocketAddress]
    public var exports: [NBDExportDefinition]
    public var swap: NBDSwapExportDefinition?
    /// The largest request payload (`NBD_INFO_BLOCK_SIZE` maximum); 32 MiB is what clients commonly expect.
    public var maxPayload: Int
    /// `SO_SNDBUF` / `SO_RCVBUF` of every connection; several MiB keep a loopback or LAN pipe full.
    public var socketBufferSize: Int
    /// The most connections open at once; one beyond it is closed at once.
    public var maxConnections: Int
    /// The most swap files open at once (each client's swap export is one).
    public var maxSwapExports: Int
    /// How long a connection may take from accept to transmission (or to its end): a client that never finishes
    /// the handshake cannot hold a connection.
    public var handshakeTimeout: TimeAmount

    public static let defaultPort = 10809

    public init(
        bindAddresses: [SocketAddress],
        exports: [NBDExportDefinition],
        swap: NBDSwapExportDefinition? = nil,
        maxPayload: Int = 32 << 20,
        socketBufferSize: Int = 4 << 20,
        maxConnections: Int = 1024,
        maxSwapExports: Int = 256,
        handshakeTimeout: TimeAmount = .seconds(10)
    ) {
        self.bindAddresses = bindAddresses
        self.exports = exports
        self.swap = swap
        self.maxPayload = maxPayload
        self.socketBufferSize = socketBufferSize
        self.maxConnections = maxConnections
        self.maxSwapExports = maxSwapExports
        self.handshakeTimeout = handshakeTimeout
    }

    /// The catalog of exports this configuration describes; swap files count against `swapSlots`.
    public func catalog(swapSlots: NBDSwapSlots) -> NBDExportCatalog {
        var exports: [any NBDExport] = self.exports.map(NBDFileExport.init)
        if let swap { exports.append(NBDSwapExport(swap, slots: swapSlots)) }
        return NBDExportCatalog(exports: exports)
    }
}
