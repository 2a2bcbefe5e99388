import CKiwiSystem
import Glibc
import NIOCore
import Synchronization

/// One thread that serves read transfers: normally one (``TFTPTransferLoops`` gives each transfer a loop of its own
/// up to its limit), and beyond the limit many.
///
/// While it serves one transfer only, the loop waits in that socket's own `recvfrom`: a lock-step block costs that
/// and one send. With several, it waits in `epoll_wait` on all their sockets at once and hands each readable socket
/// to its transfer (``TFTPReadTransferEngine/readable()``), so one wakeup serves every client whose ACK has arrived
/// in the meantime. Deadlines (retransmissions) are checked every ``timerGranularity``; a new transfer or a stop
/// request wakes the loop through an eventfd.
///
/// In the single transfer's `recvfrom`, the receive timeout is ``timerGranularity``, so a new transfer or a stop
/// request is seen at the next datagram, or one granularity later at most. And where ``TFTPBusyWaitPolicy`` allows,
/// the loop first polls that socket for a moment: in lock-step a quick client's ACK then costs no wakeup at all.
///
/// A loop left without transfers for ``idleLifetime`` asks its pool whether it may end (``TFTPTransferLoops``), so
/// the threads and descriptors a burst of transfers needed are given back.
final class TFTPTransferLoop: @unchecked Sendable {
    // Unchecked Sendable: `transfers`, `busyWait` and the timer state belong to the loop's thread; other threads use
    // only `incoming` (behind its mutex), `count` (atomic) and the eventfd.
    static let timerGranularity = TimeAmount.milliseconds(20)
    static let idleLifetime = TimeAmount.seconds(2)

    private let epoll: CInt
    private let wakeup: CInt
    private let incoming = Mutex<[TFTPReadTransferEngine]>([])
    private let stopping = Atomic<Bool>(false)
    private let count = Atomic<Int>(0)
    private var transfers: [CInt: TFTPReadTransferEngine] = [:] {
        didSet { self.only = self.transfers.count == 1 ? self.transfers.values.first : nil }
    }
    /// The transfer when there is exactly one (looked up once per change, not once per datagram).
    private var only: TFTPReadTransferEngine?
    private var busyWait = TFTPBusyWaitPolicy()
    private var nextTimerCheck = NIODeadline.now()
    /// Every transfer of every loop, for the busy-wait policy.
    private let running: TFTPTransferCount
    private let processors: Int
    private let busyPoll: Bool
    /// Asked when the loop has been idle for ``idleLifetime``: true lets it end (its pool no longer hands it work).
    private let mayRetire: @Sendable (TFTPTransferLoop) -> Bool

    init(
        running: TFTPTransferCount, processors: Int, busyPoll: Bool,
        mayRetire: @escaping @Sendable (TFTPTransferLoop) -> Bool
    ) throws {
        self.running = running
        self.mayRetire = mayRetire
        self.processors = processors
        self.busyPoll = busyPoll
        epoll = kiwi_epoll_create()
        guard epoll >= 0 else { throw TFTPError.io(operation: "epoll_create", errno: errno) }
        wakeup = kiwi_eventfd()
        guard wakeup >= 0 else {
            let failure = errno
            Glibc.close(epoll)
            throw TFTPError.io(operation: "eventfd", errno: failure)
        }
        _ = kiwi_epoll_add_readable(epoll, wakeup, UInt64(UInt32(bitPattern: wakeup)))
        let loop = self
        do {
            try TFTPTransferThread.start { loop.run() }
        } catch {
            Glibc.close(epoll)
            Glibc.close(wakeup)
            throw error
        }
    }

    /// Transfers this loop serves now (and is about to).
    var load: Int { count.load(ordering: .relaxed) }

    /// Takes `engine` over: it starts on the loop's thread.
    func add(_ engine: TFTPReadTransferEngine) {
        count.add(1, ordering: .relaxed)
        incoming.withLock { $0.append(engine) }
        _ = kiwi_eventfd_signal(wakeup)
    }

    /// Wakes the loop so it sees stop requests (``TFTPReadTransferEngine/stop()``).
    func poke() {
        _ = kiwi_eventfd_signal(wakeup)
    }

    /// Ends the thread once its transfers are gone (after the server ended them).
    func shutDown() {
        stopping.store(true, ordering: .releasing)
        poke()
    }

    private func run() {
        var tokens = [UInt64](repeating: 0, count: 64)
        while true {
            adoptIncoming()
            if stopping.load(ordering: .acquiring) && transfers.isEmpty { break }
            if spinOnSingleTransfer() || waitOnSingleTransfer() { continue }
            let ready = tokens.withUnsafeMutableBufferPointer {
                kiwi_epoll_wait(epoll, $0.baseAddress, CInt($0.count), waitMilliseconds())
            }
            if ready < 0 && errno != EINTR { break }
            if ready == 0, transfers.isEmpty, load == 0, mayRetire(self) { break }
            for index in 0..<max(0, Int(ready)) {
                let descriptor = CInt(truncatingIfNeeded: tokens[index])
                if descriptor == wakeup {
                    kiwi_eventfd_drain(wakeup)
                    endStopped()
                } else if let engine = transfers[descriptor] {
                    engine.readable()
                    retireIfFinished(engine)
                }
            }
            checkTimers()
        }
        Glibc.close(epoll)
        Glibc.close(wakeup)
    }

    private func adoptIncoming() {
        // Nothing was added since the last look (the count goes up before the engine is queued): no lock to take.
        guard count.load(ordering: .acquiring) != transfers.count else { return }
        let new = incoming.withLock { queue -> [TFTPReadTransferEngine] in
            defer { queue.removeAll() }
            return queue
        }
        for engine in new {
            running.value.add(1, ordering: .relaxed)
            transfers[engine.descriptor] = engine
            _ = kiwi_epoll_add_readable(epoll, engine.descriptor, UInt64(UInt32(bitPattern: engine.descriptor)))
            engine.limitWaits(to: Self.timerGranularity)
            if stopping.load(ordering: .acquiring) || engine.stopRequested {
                engine.endForShutdown()
            } else {
                engine.begin()
            }
            retireIfFinished(engine)
        }
    }

    /// In lock-step with one quick client, polls its socket for up to the policy's budget; true when it caught a
    /// datagram (then the loop goes round again without sleeping).
    private func spinOnSingleTransfer() -> Bool {
        guard busyPoll, let engine = only,
            busyWait.shouldPoll(runningTransfers: running.value.load(ordering: .relaxed), processors: processors)
        else { return false }
        let end = NIODeadline.now() + TFTPBusyWaitPolicy.budget
        repeat {
            if engine.readable() {
                busyWait.record(caughtDatagram: true)
                retireIfFinished(engine)
                return true
            }
        } while NIODeadline.now() < end
        busyWait.record(caughtDatagram: false)
        return false
    }

    /// With one transfer, waits for its next datagram in its socket's `recvfrom` (at most ``timerGranularity``);
    /// false with none or several, when the loop waits in `epoll_wait` instead.
    private func waitOnSingleTransfer() -> Bool {
        guard let engine = only, engine.canWait else { return false }
        if engine.stopRequested || stopping.load(ordering: .acquiring) {
            endStopped()
            return true
        }
        engine.waitForDatagram()
        retireIfFinished(engine)
        checkTimers()
        return true
    }

    /// Until the next timer check, or ``idleLifetime`` with no transfer.
    private func waitMilliseconds() -> CInt {
        guard !transfers.isEmpty else { return CInt(Self.idleLifetime.nanoseconds / 1_000_000) }
        let wait = nextTimerCheck - .now()
        return CInt(clamping: max(0, (wait.nanoseconds + 999_999) / 1_000_000))
    }

    private func checkTimers() {
        let now = NIODeadline.now()
        guard now >= nextTimerCheck else { return }
        nextTimerCheck = now + Self.timerGranularity
        for engine in Array(transfers.values) where now >= engine.deadline {
            engine.expire(now: now)
            retireIfFinished(engine)
        }
    }

    private func endStopped() {
        for engine in Array(transfers.values) where engine.stopRequested || stopping.load(ordering: .acquiring) {
            engine.endForShutdown()
            retireIfFinished(engine)
        }
    }

    private func retireIfFinished(_ engine: TFTPReadTransferEngine) {
        guard engine.isFinished else { return }
        _ = kiwi_epoll_remove(epoll, engine.descriptor)
        transfers[engine.descriptor] = nil
        engine.close()
        running.value.subtract(1, ordering: .relaxed)
        count.subtract(1, ordering: .relaxed)
        // The callback holds the engine (and with it the open file): cleared, so the engine can go.
        let finished = engine.onFinished
        engine.onFinished = nil
        finished?()
    }
}
