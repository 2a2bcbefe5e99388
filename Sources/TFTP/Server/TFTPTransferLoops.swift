import NIOCore
import Synchronization

/// The server's transfer loops: a pool that gives each new transfer a loop of its own while it has fewer than
/// `limit` threads, and beyond that puts it in the least loaded loop.
///
/// A loop with one transfer waits in that socket's `recvfrom` (``TFTPTransferLoop``): measured with 50 concurrent
/// clients, a thread per transfer costs about a sixth less CPU per block than two loops sharing them through
/// `epoll_wait`, and delivers a fifth more, because the wakeup the client's ACK causes goes straight to the thread
/// that sends the next block. Threads are started when needed and kept for the next transfer; one idle for
/// ``TFTPTransferLoop/idleLifetime`` ends, but for the last. The limit bounds them, however many transfers a peer
/// starts.
final class TFTPTransferLoops: Sendable {
    private let loops: Mutex<[TFTPTransferLoop]>
    private let running = TFTPTransferCount()
    private let limit: Int
    private let processors: Int
    private let busyPoll: Bool

    /// Starts the first loop; throws if the system has no thread to give.
    init(limit: Int, processors: Int = System.coreCount, busyPoll: Bool) throws {
        self.limit = max(1, limit)
        self.processors = processors
        self.busyPoll = busyPoll
        self.loops = Mutex([])
        let first = try self.makeLoop()
        self.loops.withLock { $0.append(first) }
    }

    /// Threads the pool runs now.
    var threads: Int { self.loops.withLock { $0.count } }

    func add(_ engine: TFTPReadTransferEngine) {
        self.loops.withLock { loops in
            if let idle = loops.first(where: { $0.load == 0 }) {
                return idle.add(engine)
            }
            if loops.count < self.limit, let new = try? self.makeLoop() {
                loops.append(new)
                return new.add(engine)
            }
            // At the limit, or no thread to be had: share.
            loops.min(by: { $0.load < $1.load })?.add(engine)
        }
    }

    private func makeLoop() throws -> TFTPTransferLoop {
        try TFTPTransferLoop(running: self.running, processors: self.processors, busyPoll: self.busyPoll) {
            [weak self] loop in self?.retire(loop) ?? true
        }
    }

    /// Lets an idle `loop` end unless it is the last or was handed a transfer meanwhile (both decided under the lock
    /// ``add(_:)`` holds, so a loop never ends with work given to it).
    private func retire(_ loop: TFTPTransferLoop) -> Bool {
        self.loops.withLock { loops in
            guard loops.count > 1, loop.load == 0, let index = loops.firstIndex(where: { $0 === loop }) else {
                return false
            }
            loops.remove(at: index)
            return true
        }
    }

    func pokeAll() { self.loops.withLock { $0.forEach { $0.poke() } } }

    func shutDown() { self.loops.withLock { $0.forEach { $0.shutDown() } } }
}
