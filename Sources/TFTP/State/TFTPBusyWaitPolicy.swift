import NIOCore

/// Decides, before each wait for an ACK, whether a read transfer polls its socket for a short while before it
/// sleeps.
///
/// Why: in lock-step every block is a round trip, and a thread that sleeps in `recvfrom` pays for its wakeup on every
/// block: an inter-processor interrupt and the CPU's way out of idle, tens of microseconds in a VM, more than
/// everything else a block costs. Polling for up to ``budget`` catches an ACK that comes back quickly (a client on
/// the same host or a fast LAN) with no wakeup at all.
///
/// It must not cost what it saves elsewhere, so it polls only
/// - while fewer transfers run than there are CPUs (at least one CPU stays free for everything else; with one CPU,
///   never), and
/// - while it pays off: after ``missesBeforeSleeping`` polls in a row that ended empty-handed (a slow or distant
///   client), the transfer sleeps at once, and tries polling again only every ``retryInterval`` waits.
///
/// Pure: the caller counts the transfers and the CPUs and reports what each poll caught.
struct TFTPBusyWaitPolicy: Sendable {
    /// How long one poll lasts at most.
    static let budget = TimeAmount.microseconds(100)
    static let missesBeforeSleeping = 4
    static let retryInterval = 256

    private var misses = 0
    private var waits = 0

    /// Whether to poll before this wait, with `runningTransfers` read transfers in the process (this one included)
    /// and `processors` CPUs to run on.
    mutating func shouldPoll(runningTransfers: Int, processors: Int) -> Bool {
        self.waits &+= 1
        if self.waits % Self.retryInterval == 0 {
            self.misses = 0
        }
        return runningTransfers < processors && self.misses < Self.missesBeforeSleeping
    }

    /// What a poll caught: a datagram (`true`) or nothing before the budget ran out.
    mutating func record(caughtDatagram: Bool) {
        self.misses = caughtDatagram ? 0 : self.misses + 1
    }
}
