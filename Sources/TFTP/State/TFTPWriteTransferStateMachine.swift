import NIOCore
import TFTPWire

/// The receiving side of one WRQ transfer (lock-step: RFC 1350 §6; `windowsize` is not offered for uploads).
///
/// Pure: events in, actions out, time passed as a parameter. Blocks are counted from 1 without wrapping; the wire
/// number wraps from 65535 to 0.
struct TFTPWriteTransferStateMachine {
    enum Action: Hashable {
        /// Send the OACK (RFC 2347 §"Negotiation Protocol": for a WRQ the client answers with DATA 1).
        case sendOptionAcknowledgement(TFTPOptionAcknowledgement, timeoutAt: NIODeadline)
        /// Send this ACK; `timeoutAt` is nil when it repeats an ACK and the timer stays as it was.
        case sendAcknowledgement(TFTPAcknowledgement, timeoutAt: NIODeadline?)
        /// Store the payload of `block` at `offset`, then send the ACK; when `isLast`, the file is complete:
        /// commit it after storing and finish.
        case store(
            block: Int,
            offset: Int64,
            acknowledgement: TFTPAcknowledgement,
            isLast: Bool,
            timeoutAt: NIODeadline
        )
        /// Nothing to send; make sure a timer fires at this deadline.
        case scheduleTimeout(at: NIODeadline)
        /// The transfer is over without success. When `reply` is set, send it to the client.
        case fail(TFTPError, reply: TFTPErrorPacket?)
        /// Ignore the event.
        case none
    }

    private enum State {
        case idle
        case receiving(lastReceived: Int, deadline: NIODeadline, retransmits: Int)
        case finished
        case failed
    }

    private var state: State = .idle
    let parameters: TFTPTransferParameters
    let maxRetransmits: Int

    init(parameters: TFTPTransferParameters, maxRetransmits: Int) {
        self.parameters = parameters
        self.maxRetransmits = maxRetransmits
    }

    var isFinished: Bool {
        switch self.state {
        case .finished, .failed:
            return true
        case .idle, .receiving:
            return false
        }
    }

    /// RFC 1350 §4: a WRQ is answered with ACK 0, or (RFC 2347) with an OACK when options were accepted.
    mutating func start(now: NIODeadline) -> Action {
        switch self.state {
        case .idle:
            let deadline = now + self.parameters.timeout
            self.state = .receiving(lastReceived: 0, deadline: deadline, retransmits: 0)
            return self.firstAnswer(timeoutAt: deadline)
        case .receiving, .finished, .failed:
            return .none
        }
    }

    mutating func receiveData(block wireBlock: UInt16, payloadLength: Int, now: NIODeadline) -> Action {
        switch self.state {
        case .receiving(let last, let deadline, let retransmits):
            let expected = last + 1
            if wireBlock == UInt16(truncatingIfNeeded: expected) {
                guard payloadLength <= self.parameters.blockSize else {
                    self.state = .failed
                    let error = TFTPError.illegalOperation(reason: "DATA larger than the block size")
                    return .fail(error, reply: error.errorPacket)
                }
                let isLast = payloadLength < self.parameters.blockSize
                let next = now + self.parameters.timeout
                self.state = isLast ? .finished : .receiving(lastReceived: expected, deadline: next, retransmits: 0)
                return .store(
                    block: expected,
                    offset: Int64(expected - 1) * Int64(self.parameters.blockSize),
                    acknowledgement: TFTPAcknowledgement(block: wireBlock),
                    isLast: isLast,
                    timeoutAt: next
                )
            }
            if wireBlock == UInt16(truncatingIfNeeded: last), last > 0 {
                // The client did not see our ACK and sent the block again: repeat the ACK, keep the timer.
                self.state = .receiving(lastReceived: last, deadline: deadline, retransmits: retransmits)
                return .sendAcknowledgement(TFTPAcknowledgement(block: wireBlock), timeoutAt: nil)
            }
            return .none
        case .idle, .finished, .failed:
            return .none
        }
    }

    /// RFC 1350 §7: an ERROR packet from the client ends the transfer.
    mutating func receiveError(_ error: TFTPErrorPacket) -> Action {
        switch self.state {
        case .idle, .receiving:
            self.state = .failed
            return .fail(.peerError(code: error.code, message: error.message), reply: nil)
        case .finished, .failed:
            return .none
        }
    }

    mutating func timeoutFired(now: NIODeadline) -> Action {
        switch self.state {
        case .receiving(let last, let deadline, let retransmits):
            guard now >= deadline else { return .scheduleTimeout(at: deadline) }
            guard retransmits < self.maxRetransmits else {
                self.state = .failed
                return .fail(.timedOut(retransmits: self.maxRetransmits), reply: nil)
            }
            let next = now + self.parameters.timeout
            self.state = .receiving(lastReceived: last, deadline: next, retransmits: retransmits + 1)
            if last == 0 {
                return self.firstAnswer(timeoutAt: next)
            }
            return .sendAcknowledgement(TFTPAcknowledgement(block: UInt16(truncatingIfNeeded: last)), timeoutAt: next)
        case .idle, .finished, .failed:
            return .none
        }
    }

    /// The transfer is abandoned from outside (storage error, shutdown); the client is told why.
    mutating func abort(_ error: TFTPError) -> Action {
        switch self.state {
        case .idle, .receiving:
            self.state = .failed
            return .fail(error, reply: error.errorPacket)
        case .finished, .failed:
            return .none
        }
    }

    private func firstAnswer(timeoutAt deadline: NIODeadline) -> Action {
        if self.parameters.acknowledgedOptions.isEmpty {
            return .sendAcknowledgement(TFTPAcknowledgement(block: 0), timeoutAt: deadline)
        }
        let oack = TFTPOptionAcknowledgement(options: self.parameters.acknowledgedOptions)
        return .sendOptionAcknowledgement(oack, timeoutAt: deadline)
    }
}
