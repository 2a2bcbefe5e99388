/// What `serve` lets its peers hold, and how it runs (the hardening settings of `/etc/sysconfig/kiwi-ltsp`).
public struct ServeLimits: Equatable, Sendable {
    /// TFTP transfers set up or running at once (TFTP_MAX_TRANSFERS); beyond it a request gets "Server busy".
    public var tftpMaxTransfers: Int
    /// Of those, the most one client IP may hold (TFTP_MAX_TRANSFERS_PER_CLIENT).
    public var tftpMaxTransfersPerClient: Int
    /// Whether a TFTP transfer may poll its socket for a moment before it sleeps (TFTP_BUSY_POLL).
    public var tftpBusyPoll: Bool
    /// NBD connections open at once (NBD_MAX_CONNECTIONS).
    public var nbdMaxConnections: Int
    /// Per-client NBD swap files open at once (NBD_MAX_SWAP_EXPORTS).
    public var nbdMaxSwapExports: Int

    public init(
        tftpMaxTransfers: Int = 1024, tftpMaxTransfersPerClient: Int = 64, tftpBusyPoll: Bool = false,
        nbdMaxConnections: Int = 1024,
        nbdMaxSwapExports: Int = 256
    ) {
        self.tftpMaxTransfers = tftpMaxTransfers
        self.tftpMaxTransfersPerClient = tftpMaxTransfersPerClient
        self.tftpBusyPoll = tftpBusyPoll
        self.nbdMaxConnections = nbdMaxConnections
        self.nbdMaxSwapExports = nbdMaxSwapExports
    }
}
