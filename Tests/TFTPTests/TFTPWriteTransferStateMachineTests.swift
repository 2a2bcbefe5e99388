import NIOCore
import TFTPWire
import Testing

@testable import TFTP

struct TFTPWriteTransferStateMachineTests {
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func machine(options: [TFTPOption] = [], maxRetransmits: Int = 2) -> TFTPWriteTransferStateMachine {
        TFTPWriteTransferStateMachine(
            parameters: TFTPTransferParameters(blockSize: 512, timeout: .seconds(1), acknowledgedOptions: options),
            maxRetransmits: maxRetransmits
        )
    }

    @Test func receivesBlocksAndFinishesOnShortBlock() {
        var machine = self.machine()
        #expect(machine.start(now: self.t0) == .sendAcknowledgement(.init(block: 0), timeoutAt: self.t0 + .seconds(1)))
        #expect(
            machine.receiveData(block: 1, payloadLength: 512, now: self.t0)
                == .store(
                    block: 1,
                    offset: 0,
                    acknowledgement: .init(block: 1),
                    isLast: false,
                    timeoutAt: self.t0 + .seconds(1)
                )
        )
        // Our ACK 1 was lost: the repeated DATA 1 gets the ACK again, nothing is stored twice.
        #expect(
            machine.receiveData(block: 1, payloadLength: 512, now: self.t0)
                == .sendAcknowledgement(.init(block: 1), timeoutAt: nil)
        )
        #expect(machine.receiveData(block: 5, payloadLength: 512, now: self.t0) == .none)
        #expect(
            machine.receiveData(block: 2, payloadLength: 3, now: self.t0)
                == .store(
                    block: 2,
                    offset: 512,
                    acknowledgement: .init(block: 2),
                    isLast: true,
                    timeoutAt: self.t0 + .seconds(1)
                )
        )
        #expect(machine.isFinished)
    }

    @Test func oackInsteadOfAckZero() {
        let options = [TFTPOption(name: "tsize", value: "10")]
        var machine = self.machine(options: options)
        let oack = TFTPOptionAcknowledgement(options: options)
        #expect(machine.start(now: self.t0) == .sendOptionAcknowledgement(oack, timeoutAt: self.t0 + .seconds(1)))
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(1))
                == .sendOptionAcknowledgement(oack, timeoutAt: self.t0 + .seconds(2))
        )
    }

    @Test func timeoutRepeatsTheLastAckThenGivesUp() {
        var machine = self.machine()
        _ = machine.start(now: self.t0)
        _ = machine.receiveData(block: 1, payloadLength: 512, now: self.t0)
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(1))
                == .sendAcknowledgement(.init(block: 1), timeoutAt: self.t0 + .seconds(2))
        )
        #expect(
            machine.timeoutFired(now: self.t0 + .seconds(2))
                == .sendAcknowledgement(.init(block: 1), timeoutAt: self.t0 + .seconds(3))
        )
        #expect(machine.timeoutFired(now: self.t0 + .seconds(3)) == .fail(.timedOut(retransmits: 2), reply: nil))
    }

    @Test func oversizedDataIsAnIllegalOperation() {
        var machine = self.machine()
        _ = machine.start(now: self.t0)
        let error = TFTPError.illegalOperation(reason: "DATA larger than the block size")
        #expect(
            machine.receiveData(block: 1, payloadLength: 513, now: self.t0) == .fail(error, reply: error.errorPacket)
        )
    }
}
