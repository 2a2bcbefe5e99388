import Synchronization

/// How many swap files are open at once, server-wide, and the most there may be: each is a file of its export's
/// size on the server's disk, so clients that attach and write could otherwise fill it.
public final class NBDSwapSlots: Sendable {
    public let limit: Int
    private let open = Atomic<Int>(0)

    public init(limit: Int) {
        self.limit = limit
    }

    public var count: Int { self.open.load(ordering: .relaxed) }

    /// Takes a slot; false when all `limit` are taken.
    func acquire() -> Bool {
        var current = self.open.load(ordering: .relaxed)
        while current < self.limit {
            let (exchanged, original) = self.open.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func release() {
        self.open.subtract(1, ordering: .relaxed)
    }
}
