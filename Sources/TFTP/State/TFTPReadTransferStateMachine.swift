import NIOCore
import TFTPWire

/// The sending side of one RRQ transfer: which blocks to send, when to retransmit, when it is done.
///
/// Pure: events in, actions out, time passed as a parameter. Blocks are counted from 1 without wrapping; only the
/// wire block number wraps from 65535 to 0 (common practice for files above 65,535 blocks; no RFC says so).
struct TFTPReadTransferStateMachine {
    enum Action: Hashable {
        /// Send the OACK (RFC 2347) and expect ACK 0 before the deadline.
        case sendOptionAcknowledgement(TFTPOptionAcknowledgement, timeoutAt: NIODeadline)
        /// Send DATA for these blocks (1-based, unwrapped) and flush once, then expect an ACK before the deadline.
        case sendBlocks(ClosedRange<Int>, timeoutAt: NIODeadline)
        /// Nothing to send; make sure a timer fires at this deadline.
        case scheduleTimeout(at: NIODeadline)
        /// The last block was acknowledged.
        case finish
        /// The transfer is over without success; nothing more is sent.
        case fail(TFTPError)
        /// Ignore the event.
        case none
    }

    private enum State {
        case idle
        /// Waiting for ACK 0 of the OACK.
        case awaitingOptionAcknowledgement(deadline: NIODeadline, retransmits: Int)
        /// Blocks `firstUnacknowledged...lastSent` are in flight.
        case sending(firstUnacknowledged: Int, lastSent: Int, deadline: NIODeadline, retransmits: Int)
        case finished
        case failed
    }

    private var state: State = .idle
    let parameters: TFTPTransferParameters
    let maxRetransmits: Int
    /// The number of the last block: RFC 1350 §6, a block shorter than the block size ends the transfer, so a file
    /// whose size is an exact multiple ends with an empty block.
    let lastBlock: Int

    init(transferSize: Int64, parameters: TFTPTransferParameters, maxRetransmits: Int) {
        self.parameters = parameters
        self.maxRetransmits = maxRetransmits
        self.lastBlock = Int(transferSize / Int64(parameters.blockSize)) + 1
    }

    /// The highest block the client has acknowledged (0 before any).
    var acknowledgedBlocks: Int {
        switch self.state {
        case .idle, .awaitingOptionAcknowledgement, .failed:
            return 0
        case .sending(let first, _, _, _):
            return first - 1
        case .finished:
            return self.lastBlock
        }
    }

    var isFinished: Bool {
        switch self.state {
        case .finished, .failed:
            return true
        case .idle, .awaitingOptionAcknowledgement, .sending:
            return false
        }
    }

    /// The request was accepted: RFC 2347 — answer with an OACK only when options were accepted, else with block 1.
    mutating func start(now: NIODeadline) -> Action {
        switch self.state {
        case .idle:
            let deadline = now + self.parameters.timeout
            if self.parameters.acknowledgedOptions.isEmpty {
                return self.sendWindow(from: 1, now: now, retransmits: 0)
            }
            self.state = .awaitingOptionAcknowledgement(deadline: deadline, retransmits: 0)
            let oack = TFTPOptionAcknowledgement(options: self.parameters.acknowledgedOptions)
            return .sendOptionAcknowledgement(oack, timeoutAt: deadline)
        case .awaitingOptionAcknowledgement, .sending, .finished, .failed:
            return .none
        }
    }

    /// An ACK from the client's TID.
    mutating func receiveAcknowledgement(block wireBlock: UInt16, now: NIODeadline) -> Action {
        switch self.state {
        case .awaitingOptionAcknowledgement:
            // RFC 2347: the client acknowledges the OACK with ACK 0.
            guard wireBlock == 0 else { return .none }
            return self.sendWindow(from: 1, now: now, retransmits: 0)
        case .sending(let first, let last, _, _):
            // Map the wire number onto the unwrapped range first-1...last; anything else is stale.
            let distance = Int(wireBlock &- UInt16(truncatingIfNeeded: first - 1))
            guard distance <= last - (first - 1) else { return .none }
            let acknowledged = first - 1 + distance
            if acknowledged == first - 1 {
                // A duplicate ACK: never retransmit on it (RFC 1123 §4.2.3.1, Sorcerer's Apprentice); the timer
                // takes care of real loss.
                return .none
            }
            if acknowledged == self.lastBlock {
                self.state = .finished
                return .finish
            }
            // A full window, or (RFC 7440 §4) an ACK inside the window: the client missed the block after it, so
            // resend from there.
            return self.sendWindow(from: acknowledged + 1, now: now, retransmits: 0)
        case .idle, .finished, .failed:
            return .none
        }
    }

    /// RFC 1350 §7: an ERROR packet from the client ends the transfer; it is not answered.
    mutating func receiveError(_ error: TFTPErrorPacket) -> Action {
        switch self.state {
        case .idle, .awaitingOptionAcknowledgement, .sending:
            self.state = .failed
            return .fail(.peerError(code: error.code, message: error.message))
        case .finished, .failed:
            return .none
        }
    }

    /// A timer fired. Retransmits only if the deadline really passed (RFC 1123 §4.2.3.1: retransmit on timeout only),
    /// and gives up after `maxRetransmits`.
    mutating func timeoutFired(now: NIODeadline) -> Action {
        switch self.state {
        case .awaitingOptionAcknowledgement(let deadline, let retransmits):
            guard now >= deadline else { return .scheduleTimeout(at: deadline) }
            guard retransmits < self.maxRetransmits else { return self.giveUp() }
            let next = now + self.parameters.timeout
            self.state = .awaitingOptionAcknowledgement(deadline: next, retransmits: retransmits + 1)
            let oack = TFTPOptionAcknowledgement(options: self.parameters.acknowledgedOptions)
            return .sendOptionAcknowledgement(oack, timeoutAt: next)
        case .sending(let first, let last, let deadline, let retransmits):
            guard now >= deadline else { return .scheduleTimeout(at: deadline) }
            guard retransmits < self.maxRetransmits else { return self.giveUp() }
            // RFC 7440 §4: on timeout the whole window is sent again.
            let next = now + self.parameters.timeout
            self.state = .sending(
                firstUnacknowledged: first,
                lastSent: last,
                deadline: next,
                retransmits: retransmits + 1
            )
            return .sendBlocks(first...last, timeoutAt: next)
        case .idle, .finished, .failed:
            return .none
        }
    }

    /// The transfer is abandoned from outside (shutdown, socket error).
    mutating func abort(_ error: TFTPError) -> Action {
        switch self.state {
        case .idle, .awaitingOptionAcknowledgement, .sending:
            self.state = .failed
            return .fail(error)
        case .finished, .failed:
            return .none
        }
    }

    private mutating func giveUp() -> Action {
        self.state = .failed
        return .fail(.timedOut(retransmits: self.maxRetransmits))
    }

    private mutating func sendWindow(from first: Int, now: NIODeadline, retransmits: Int) -> Action {
        let last = min(first + self.parameters.windowSize - 1, self.lastBlock)
        let deadline = now + self.parameters.timeout
        self.state = .sending(firstUnacknowledged: first, lastSent: last, deadline: deadline, retransmits: retransmits)
        return .sendBlocks(first...last, timeoutAt: deadline)
    }
}
