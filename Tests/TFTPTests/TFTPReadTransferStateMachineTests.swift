import NIOCore
import TFTPWire
import Testing

@testable import TFTP

/// The RRQ state machine with an injected clock: no sleeping.
struct TFTPReadTransferStateMachineTests {
    typealias Machine = TFTPReadTransferStateMachine
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func machine(
        size: Int64,
        blockSize: Int = 512,
        windowSize: Int = 1,
        options: [TFTPOption] = [],
        maxRetransmits: Int = 5
    ) -> Machine {
        Machine(
            transferSize: size,
            parameters: TFTPTransferParameters(
                blockSize: blockSize,
                windowSize: windowSize,
                timeout: .seconds(1),
                acknowledgedOptions: options
            ),
            maxRetransmits: maxRetransmits
        )
    }

    @Test func lockStepTransferEndsWithShortBlock() {
        var machine = self.machine(size: 1000)
        #expect(machine.lastBlock == 2)
        #expect(machine.start(now: self.t0) == .sendBlocks(1...1, timeoutAt: self.t0 + .seconds(1)))
        #expect(
            machine.receiveAcknowledgement(block: 1, now: self.t0)
                == .sendBlocks(2...2, timeoutAt: self.t0 + .seconds(1))
        )
        #expect(machine.receiveAcknowledgement(block: 2, now: self.t0) == .finish)
        #expect(machine.isFinished)
    }

    @Test func exactMultipleEndsWithEmptyBlock() {
        var machine = self.machine(size: 1024)
        #expect(machine.lastBlock == 3)
        var zeroSize = self.machine(size: 0)
        #expect(zeroSize.start(now: self.t0) == .sendBlocks(1...1, timeoutAt: self.t0 + .seconds(1)))
        #expect(zeroSize.receiveAcknowledgement(block: 1, now: self.t0) == .finish)
        _ = machine.start(now: self.t0)
    }

    @Test func lostDataIsRetransmittedOnTimeout() {
        var machine = self.machine(size: 5000)
        _ = machine.start(now: self.t0)
        // The timer fired early: nothing is sent, the deadline stays.
        #expect(machine.timeoutFired(now: self.t0 + .milliseconds(500)) == .scheduleTimeout(at: self.t0 + .seconds(1)))
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(1)) == .sendBlocks(1...1, timeoutAt: self.t0 + .seconds(2))
        )
        #expect(
            machine.receiveAcknowledgement(block: 1, now: self.t0 + .seconds(2))
                == .sendBlocks(2...2, timeoutAt: self.t0 + .seconds(3))
        )
    }

    @Test func lostAckIsCoveredByTheTimerOnly() {
        var machine = self.machine(size: 5000)
        _ = machine.start(now: self.t0)
        _ = machine.receiveAcknowledgement(block: 1, now: self.t0)
        // ACK 2 is lost: the client retransmits ACK 1 (a duplicate), which must not trigger a resend.
        #expect(machine.receiveAcknowledgement(block: 1, now: self.t0 + .milliseconds(900)) == .none)
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(1)) == .sendBlocks(2...2, timeoutAt: self.t0 + .seconds(2))
        )
        #expect(
            machine.receiveAcknowledgement(block: 2, now: self.t0 + .seconds(2))
                == .sendBlocks(3...3, timeoutAt: self.t0 + .seconds(3))
        )
    }

    /// RFC 1123 §4.2.3.1: a duplicate ACK never causes a retransmission (Sorcerer's Apprentice).
    @Test func duplicateAckDoesNotRetransmit() {
        var machine = self.machine(size: 5000)
        _ = machine.start(now: self.t0)
        _ = machine.receiveAcknowledgement(block: 1, now: self.t0)
        for _ in 0..<10 {
            #expect(machine.receiveAcknowledgement(block: 1, now: self.t0) == .none)
        }
        #expect(machine.receiveAcknowledgement(block: 0, now: self.t0) == .none)
        #expect(machine.receiveAcknowledgement(block: 999, now: self.t0) == .none)
    }

    /// RFC 7440 §4: an ACK inside the window means the client missed the block after it.
    @Test func windowWithGapResendsFromTheBlockAfterTheAck() {
        var machine = self.machine(size: 512 * 200, windowSize: 64)
        #expect(machine.start(now: self.t0) == .sendBlocks(1...64, timeoutAt: self.t0 + .seconds(1)))
        #expect(
            machine.receiveAcknowledgement(block: 40, now: self.t0)
                == .sendBlocks(41...104, timeoutAt: self.t0 + .seconds(1))
        )
        #expect(
            machine.receiveAcknowledgement(block: 104, now: self.t0)
                == .sendBlocks(105...168, timeoutAt: self.t0 + .seconds(1))
        )
        // A late ACK for the earlier window is stale now.
        #expect(machine.receiveAcknowledgement(block: 40, now: self.t0) == .none)
        #expect(
            machine.receiveAcknowledgement(block: 168, now: self.t0)
                == .sendBlocks(169...201, timeoutAt: self.t0 + .seconds(1))
        )
        #expect(machine.receiveAcknowledgement(block: 201, now: self.t0) == .finish)
    }

    @Test func windowTimeoutResendsTheWholeWindow() {
        var machine = self.machine(size: 512 * 200, windowSize: 16)
        _ = machine.start(now: self.t0)
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(1)) == .sendBlocks(1...16, timeoutAt: self.t0 + .seconds(2))
        )
    }

    @Test func blockNumberRollsOverPast65535() {
        let blocks = 65535 + 10
        var machine = self.machine(size: Int64(512 * (blocks - 1) + 100), windowSize: 8)
        var now = self.t0
        var action = machine.start(now: now)
        var lastSent = 0
        while case .sendBlocks(let range, _) = action {
            lastSent = range.upperBound
            now = now + .milliseconds(1)
            action = machine.receiveAcknowledgement(block: UInt16(truncatingIfNeeded: range.upperBound), now: now)
        }
        #expect(action == .finish)
        #expect(lastSent == blocks)
        #expect(machine.acknowledgedBlocks == blocks)
    }

    @Test func rolloverWithWireBlockZeroInsideTheWindow() {
        var machine = self.machine(size: Int64(512 * 70000), windowSize: 4)
        _ = machine.start(now: self.t0)
        var acked = 0
        while acked < 65532 {
            acked += 4
            _ = machine.receiveAcknowledgement(block: UInt16(truncatingIfNeeded: acked), now: self.t0)
        }
        // Window 65533...65536: the last one is wire block 0. An ACK of wire 65535 resends from 65536 (wire 0).
        #expect(
            machine.receiveAcknowledgement(block: 65535, now: self.t0)
                == .sendBlocks(65536...65539, timeoutAt: self.t0 + .seconds(1))
        )
        #expect(
            machine.receiveAcknowledgement(block: 0, now: self.t0)
                == .sendBlocks(65537...65540, timeoutAt: self.t0 + .seconds(1))
        )
    }

    @Test func givesUpAfterTheRetransmitCap() {
        var machine = self.machine(size: 5000, maxRetransmits: 3)
        _ = machine.start(now: self.t0)
        var now = self.t0
        for attempt in 1...3 {
            now = now + .seconds(1)
            #expect(
                machine.timeoutFired(now: now) == .sendBlocks(1...1, timeoutAt: now + .seconds(1)),
                "attempt \(attempt)"
            )
        }
        #expect(machine.timeoutFired(now: now + .seconds(1)) == .fail(.timedOut(retransmits: 3)))
        #expect(machine.isFinished)
        #expect(machine.receiveAcknowledgement(block: 1, now: now) == .none)
    }

    @Test func progressResetsTheRetransmitCount() {
        var machine = self.machine(size: 5000, maxRetransmits: 1)
        _ = machine.start(now: self.t0)
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(1)) == .sendBlocks(1...1, timeoutAt: self.t0 + .seconds(2))
        )
        _ = machine.receiveAcknowledgement(block: 1, now: self.t0 + .seconds(2))
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(3)) == .sendBlocks(2...2, timeoutAt: self.t0 + .seconds(4))
        )
    }

    /// RFC 2347: the OACK is sent only when options were accepted, and ACK 0 starts the data.
    @Test func optionAcknowledgementComesFirstAndIsRetransmitted() {
        let options = [TFTPOption(name: "blksize", value: "1468"), TFTPOption(name: "tsize", value: "5000")]
        var machine = self.machine(size: 5000, blockSize: 1468, options: options)
        let oack = TFTPOptionAcknowledgement(options: options)
        #expect(machine.start(now: self.t0) == .sendOptionAcknowledgement(oack, timeoutAt: self.t0 + .seconds(1)))
        #expect(machine.receiveAcknowledgement(block: 1, now: self.t0) == .none)
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(1))
                == .sendOptionAcknowledgement(oack, timeoutAt: self.t0 + .seconds(2))
        )
        #expect(
            machine.receiveAcknowledgement(block: 0, now: self.t0 + .seconds(1))
                == .sendBlocks(1...1, timeoutAt: self.t0 + .seconds(2))
        )
        #expect(
            machine.receiveAcknowledgement(block: 1, now: self.t0)
                == .sendBlocks(2...2, timeoutAt: self.t0 + .seconds(1))
        )
    }

    @Test func clientErrorEndsTheTransfer() {
        var machine = self.machine(size: 5000, options: [TFTPOption(name: "tsize", value: "5000")])
        _ = machine.start(now: self.t0)
        // pxelinux and iPXE often ask only for tsize and then abort with error 0 or 8.
        let error = TFTPErrorPacket(code: .optionNegotiationFailed, message: "tsize only")
        #expect(machine.receiveError(error) == .fail(.peerError(code: .optionNegotiationFailed, message: "tsize only")))
        #expect(machine.timeoutFired(now: self.t0 + .seconds(5)) == .none)
    }
}
