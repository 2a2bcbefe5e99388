import NIOCore

/// How a ``TFTPServer`` listens and which limits it enforces.
public struct TFTPServerConfiguration: Sendable {
    /// Per-source token bucket for new requests (a TFTP reflection amplifies a small request ~60×).
    public struct RateLimit: Sendable, Hashable {
        /// Requests a source may start at once.
        public var burst: Int
        /// Requests a source regains per second.
        public var refillPerSecond: Double

        public init(burst: Int = 2000, refillPerSecond: Double = 1000) {
            self.burst = burst
            self.refillPerSecond = refillPerSecond
        }

        /// No practical limit.
        public static let unlimited = RateLimit(burst: Int.max / 2, refillPerSecond: 1e12)
    }

    /// Addresses to listen on, e.g. `192.168.67.1:69` and `[::1]:69`. Port 0 picks a free port (tests).
    public var bindAddresses: [SocketAddress]
    /// The largest `blksize` granted (RFC 2348); larger requests are answered with this value.
    public var maxBlockSize: Int
    /// The largest `windowsize` granted (RFC 7440).
    public var maxWindowSize: Int
    /// Retransmission timeout when the client asked for none (RFC 2349 `timeout`).
    public var timeout: Duration
    /// How many times a packet is sent again before the transfer is abandoned.
    public var maxRetransmits: Int
    /// Accept WRQ (uploads). RFC 1350 error 2 (access violation) otherwise.
    public var allowWrites: Bool
    /// Per-source limit on new requests.
    public var rateLimit: RateLimit
    /// Socket send and receive buffer size requested for every socket (the kernel may cap it).
    public var socketBufferSize: Int
    /// The most threads serving read transfers (``TFTPTransferLoop``): each transfer has one to itself up to this
    /// number, and beyond it transfers share them, each thread waiting on many sockets at once.
    public var transferThreads: Int
    /// The most transfers set up or running at once; a request beyond it gets ERROR 0 "Server busy".
    public var maxTransfers: Int
    /// The most of those one client IP may hold; beyond it that client gets "Server busy" while others are served.
    public var maxTransfersPerClient: Int
    /// The longest retransmission timeout a client may ask for (RFC 2349 `timeout`, in seconds; longer requests
    /// are left out of the OACK). With ``maxRetransmits`` it bounds how long a silent client holds a transfer.
    public var maxTimeout: Int
    /// Whether a transfer may poll its socket for a moment before it sleeps (``TFTPBusyWaitPolicy``).
    public var busyPoll: Bool

    public init(
        bindAddresses: [SocketAddress],
        maxBlockSize: Int = 65464,
        maxWindowSize: Int = 64,
        timeout: Duration = .seconds(1),
        maxRetransmits: Int = 5,
        allowWrites: Bool = false,
        rateLimit: RateLimit = RateLimit(),
        socketBufferSize: Int = 4 << 20,
        transferThreads: Int = 128,
        maxTransfers: Int = 1024,
        maxTransfersPerClient: Int = 64,
        maxTimeout: Int = 5,
        busyPoll: Bool = false
    ) {
        self.bindAddresses = bindAddresses
        self.maxBlockSize = maxBlockSize
        self.maxWindowSize = maxWindowSize
        self.timeout = timeout
        self.maxRetransmits = maxRetransmits
        self.allowWrites = allowWrites
        self.rateLimit = rateLimit
        self.socketBufferSize = socketBufferSize
        self.transferThreads = transferThreads
        self.maxTransfers = maxTransfers
        self.maxTransfersPerClient = maxTransfersPerClient
        self.maxTimeout = maxTimeout
        self.busyPoll = busyPoll
    }

    /// The largest block that fits one unfragmented datagram: MTU − IP header − UDP header (8) − TFTP header (4).
    /// The IP header is 20 bytes for IPv4 (the default) and 40 for IPv6.
    public static func maxBlockSize(forMTU mtu: Int, ipv6: Bool = false) -> Int {
        let blockSize = mtu - (ipv6 ? 40 : 20) - 8 - 4
        return min(
            max(blockSize, TFTPOptionNegotiator.blockSizeRange.lowerBound),
            TFTPOptionNegotiator.blockSizeRange.upperBound
        )
    }
}

extension Duration {
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = self.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
