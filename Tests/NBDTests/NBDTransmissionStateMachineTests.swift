import NBD
import NBDWire
import NIOCore
import Testing

@Suite struct NBDTransmissionStateMachineTests {
    private static let size: UInt64 = 1 << 20
    private static let readOnly = NBDExportSummary(
        name: "amd64", description: "", size: size,
        flags: [.hasFlags, .readOnly, .canMultiConn])
    private static let writable = NBDExportSummary(
        name: "swap", description: "", size: size,
        flags: [.hasFlags, .sendFlush, .sendFUA, .sendTrim])

    private func machine(_ export: NBDExportSummary) -> NBDTransmissionStateMachine {
        NBDTransmissionStateMachine(export: export, maximumPayload: 1 << 16)
    }

    private func request(
        _ command: NBDCommand, offset: UInt64 = 0, length: UInt32 = 512,
        flags: NBDCommandFlags = []
    ) -> NBDRequest {
        NBDRequest(flags: flags, command: command, handle: 9, offset: offset, length: length)
    }

    typealias Action = NBDTransmissionStateMachine.Action

    static let readCases: [(NBDRequest, Action)] = [
        (
            NBDRequest(command: .read, handle: 9, offset: 0, length: 512),
            .perform(handle: 9, .read(offset: 0, length: 512))
        ),
        (
            NBDRequest(command: .read, handle: 9, offset: size - 512, length: 512),
            .perform(handle: 9, .read(offset: size - 512, length: 512))
        ),
        // proto.md "`NBD_CMD_READ`": past the end is EINVAL.
        (
            NBDRequest(command: .read, handle: 9, offset: size - 511, length: 512),
            .reply(NBDSimpleReply(error: .invalid, handle: 9))
        ),
        (
            NBDRequest(command: .read, handle: 9, offset: UInt64.max - 10, length: 512),
            .reply(NBDSimpleReply(error: .invalid, handle: 9))
        ),
        // Over the maximum payload: EINVAL, connection kept.
        (
            NBDRequest(command: .read, handle: 9, offset: 0, length: (1 << 16) + 1),
            .reply(NBDSimpleReply(error: .invalid, handle: 9))
        ),
        (
            NBDRequest(command: .read, handle: 9, offset: 0, length: 0),
            .reply(NBDSimpleReply(error: .invalid, handle: 9))
        ),
        // Unknown commands, and ones this server does not offer: EINVAL.
        (
            NBDRequest(command: NBDCommand(rawValue: 77), handle: 9, offset: 0, length: 0),
            .reply(NBDSimpleReply(error: .invalid, handle: 9))
        ),
        (
            NBDRequest(command: NBDCommand(rawValue: 7), handle: 9, offset: 0, length: 512),
            .reply(NBDSimpleReply(error: .invalid, handle: 9))
        ),
        // Read-only: flush is a no-op, trim and write zeroes are EPERM.
        (NBDRequest(command: .flush, handle: 9, offset: 0, length: 0), .reply(NBDSimpleReply(handle: 9))),
        (
            NBDRequest(command: .trim, handle: 9, offset: 0, length: 512),
            .reply(NBDSimpleReply(error: .notPermitted, handle: 9))
        ),
        (
            NBDRequest(command: .writeZeroes, handle: 9, offset: 0, length: 512),
            .reply(NBDSimpleReply(error: .notPermitted, handle: 9))
        ),
    ]

    @Test(arguments: readCases)
    func readOnlyRequests(request: NBDRequest, expected: Action) {
        var machine = self.machine(Self.readOnly)
        #expect(machine.receivedRequest(request) == expected)
        #expect(machine.acceptsRequests)
    }

    static let writableCases: [(NBDRequest, Action)] = [
        (NBDRequest(command: .flush, handle: 9, offset: 0, length: 0), .perform(handle: 9, .flush)),
        (
            NBDRequest(flags: .fua, command: .trim, handle: 9, offset: 512, length: 512),
            .perform(handle: 9, .trim(offset: 512, length: 512, durable: true))
        ),
        (
            NBDRequest(command: .trim, handle: 9, offset: size, length: 1),
            .reply(NBDSimpleReply(error: .invalid, handle: 9))
        ),
        (
            NBDRequest(command: .writeZeroes, handle: 9, offset: 0, length: 1 << 20),
            .perform(handle: 9, .writeZeroes(offset: 0, length: 1 << 20, durable: false, mayPunchHole: true))
        ),
        (
            NBDRequest(flags: .noHole, command: .writeZeroes, handle: 9, offset: 0, length: 8),
            .perform(handle: 9, .writeZeroes(offset: 0, length: 8, durable: false, mayPunchHole: false))
        ),
        // proto.md "`NBD_CMD_WRITE_ZEROES`": past the end is ENOSPC.
        (
            NBDRequest(command: .writeZeroes, handle: 9, offset: size, length: 8),
            .reply(NBDSimpleReply(error: .noSpace, handle: 9))
        ),
    ]

    @Test(arguments: writableCases)
    func writableRequests(request: NBDRequest, expected: Action) {
        var machine = self.machine(Self.writable)
        #expect(machine.receivedRequest(request) == expected)
    }

    @Test func writeCollectsItsPayloadThenPerforms() {
        var machine = self.machine(Self.writable)
        #expect(
            machine.receivedRequest(self.request(.write, offset: 4096, length: 4, flags: .fua))
                == .collectPayload(4))
        #expect(!machine.acceptsRequests)
        let payload = ByteBuffer(bytes: [1, 2, 3, 4])
        #expect(
            machine.receivedPayload(payload)
                == .perform(handle: 9, .write(offset: 4096, data: payload, durable: true)))
        #expect(machine.acceptsRequests)
        #expect(machine.operationCompleted(handle: 9, error: .success) == .reply(NBDSimpleReply(handle: 9)))
    }

    @Test func writeToReadOnlyExportIsRefusedFromItsHeader() {
        var machine = self.machine(Self.readOnly)
        // EPERM at once; the glue throws the 64 KiB away as it arrives instead of collecting it.
        #expect(
            machine.receivedRequest(self.request(.write, length: 1 << 16))
                == .replyAndSkipPayload(NBDSimpleReply(error: .notPermitted, handle: 9), 1 << 16))
        #expect(machine.acceptsRequests)
        #expect(machine.receivedPayload(ByteBuffer(bytes: [0, 0])) == .none)
    }

    @Test func writePastTheEndIsENOSPC() {
        var machine = self.machine(Self.writable)
        _ = machine.receivedRequest(self.request(.write, offset: Self.size - 1, length: 2))
        #expect(
            machine.receivedPayload(ByteBuffer(bytes: [0, 0]))
                == .reply(
                    NBDSimpleReply(
                        error: .noSpace,
                        handle: 9)))
    }

    @Test func oversizeWriteClosesBecauseThePayloadCannotBeSkipped() {
        var machine = self.machine(Self.writable)
        guard case .abort = machine.receivedRequest(self.request(.write, length: (1 << 16) + 1)) else {
            Issue.record("expected abort")
            return
        }
        #expect(!machine.acceptsRequests)
    }

    @Test func disconnectWithNothingInFlightCloses() {
        var machine = self.machine(Self.readOnly)
        #expect(machine.receivedRequest(self.request(.disconnect, length: 0)) == .close)
    }

    @Test func disconnectWaitsForOperationsInFlight() {
        var machine = self.machine(Self.writable)
        #expect(
            machine.receivedRequest(NBDRequest(command: .flush, handle: 1, offset: 0, length: 0))
                == .perform(handle: 1, .flush))
        #expect(
            machine.receivedRequest(NBDRequest(command: .flush, handle: 2, offset: 0, length: 0))
                == .perform(handle: 2, .flush))
        #expect(machine.receivedRequest(self.request(.disconnect, length: 0)) == .none)
        #expect(!machine.acceptsRequests)
        #expect(machine.operationCompleted(handle: 2, error: .success) == .reply(NBDSimpleReply(handle: 2)))
        #expect(
            machine.operationCompleted(handle: 1, error: .ioError)
                == .replyAndClose(NBDSimpleReply(error: .ioError, handle: 1)))
    }

    @Test func readsReplySentWithTheDataCountOnlyAsDone() {
        var machine = self.machine(Self.readOnly)
        _ = machine.receivedRequest(self.request(.read))
        #expect(machine.operationCompleted(handle: 9, error: .success, replySent: true) == .none)
        #expect(machine.receivedRequest(self.request(.disconnect, length: 0)) == .close)
    }
}
