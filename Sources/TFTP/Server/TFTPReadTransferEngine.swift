#if os(Linux)
import NIOCore
import Synchronization

/// Serves one RRQ on its own thread and socket: blocking I/O glue around ``TFTPReadTransferStateMachine``.
///
/// The NIO listener accepts the request and opens the file; from then on the transfer needs no event loop: the
/// thread sleeps in `recvfrom` until the client's ACK (or the retransmission timeout, which is the socket's
/// `SO_RCVTIMEO`), asks the state machine what to do, and sends. A lock-step block costs two syscalls and at most
/// one wakeup (none when ``TFTPBusyWaitPolicy`` polls and the ACK comes back within its budget); a window goes out
/// in one `sendmmsg`.
final class TFTPReadTransferEngine: @unchecked Sendable {
    // Unchecked Sendable: the engine is handed to its thread once; from then on only ``stop()`` is called from
    // other threads, and it touches nothing but `stopping` and the socket's shutdown (itself thread-safe).
    private let stopping = Atomic<Bool>(false)
    private var machine: TFTPReadTransferStateMachine
    private var readAhead: TFTPReadAhead
    private let socket: TFTPDatagramSocket
    private let client: SocketAddress
    private let fileName: String
    private let transferSize: Int64
    private let startedAt: NIODeadline
    private let environment: TFTPTransferEnvironment
    private var window: ByteBuffer
    private var datagramLengths: [Int] = []
    private var receiveBuffer: [UInt8]
    /// When the state machine wants to hear of a timeout.
    private var deadline: NIODeadline
    /// What `SO_RCVTIMEO` is set to now; changed only when the wait really differs (stale ACKs, early wakeups).
    private var socketTimeout: TimeAmount = .zero
    private var reported = false
    private var busyWait = TFTPBusyWaitPolicy()
    /// Read transfers running in this process, for ``TFTPBusyWaitPolicy``.
    private static let running = Atomic<Int>(0)
    private static let processors = System.coreCount
    /// ACKs received; every so often the thread follows its client to the CPU its packets arrive on.
    private var acknowledgements = 0
    private var cpu: Int?

    init(
        socket: TFTPDatagramSocket,
        client: SocketAddress,
        request: TFTPRequest,
        file: any TFTPFile,
        transferSize: Int64,
        parameters: TFTPTransferParameters,
        startedAt: NIODeadline,
        environment: TFTPTransferEnvironment
    ) {
        self.socket = socket
        self.client = client
        self.fileName = request.fileName
        self.transferSize = transferSize
        self.startedAt = startedAt
        self.environment = environment
        let reader = TFTPBlockReader(file: file, mode: request.mode, windowSize: parameters.windowSize)
        self.readAhead = TFTPReadAhead(reader: reader, blockSize: parameters.blockSize)
        self.machine = TFTPReadTransferStateMachine(
            transferSize: transferSize,
            parameters: parameters,
            maxRetransmits: environment.maxRetransmits
        )
        self.window = ByteBuffer()
        self.window.reserveCapacity((parameters.blockSize + 4) * min(parameters.windowSize, 64))
        // An ACK is 4 bytes; an ERROR from the client carries a message; anything longer is cut off harmlessly.
        self.receiveBuffer = [UInt8](repeating: 0, count: 1024)
        self.deadline = .now()
    }

    /// Runs the transfer to its end on the calling thread, then closes the socket and reports.
    func run() {
        Self.running.add(1, ordering: .relaxed)
        defer { Self.running.subtract(1, ordering: .relaxed) }
        self.perform(self.machine.start(now: .now()))
        while !self.machine.isFinished {
            if self.stopping.load(ordering: .acquiring) {
                self.abortTellingTheClient(.shuttingDown)
                break
            }
            let now = NIODeadline.now()
            let remaining = self.deadline - now
            guard remaining > .zero else {
                self.perform(self.machine.timeoutFired(now: now))
                continue
            }
            // A wait off by less than this is close enough: resetting it would cost a syscall per block.
            if abs(remaining.nanoseconds - self.socketTimeout.nanoseconds) > 5_000_000 {
                self.socket.setReceiveTimeout(remaining)
                self.socketTimeout = remaining
            }
            switch self.receive() {
            case .timedOut:
                self.perform(self.machine.timeoutFired(now: .now()))
            case .failed(let errno):
                if self.stopping.load(ordering: .acquiring) { continue }
                self.abortTellingTheClient(.io(operation: "recvfrom", errno: errno))
            case .datagram(let length, fromPeer: true):
                self.handle(length: length)
            case .datagram(let length, fromPeer: false):
                self.answerWrongTransferID(length: length)
            }
        }
        self.socket.close()
    }

    /// The next datagram, or the end of the wait: first polled for a moment when ``TFTPBusyWaitPolicy`` says so,
    /// then waited for in `recvfrom`.
    private func receive() -> TFTPDatagramSocket.Received {
        let running = Self.running.load(ordering: .relaxed)
        if self.busyWait.shouldPoll(runningTransfers: running, processors: Self.processors) {
            let end = NIODeadline.now() + TFTPBusyWaitPolicy.budget
            repeat {
                let received = self.receiveBuffer.withUnsafeMutableBytes { self.socket.receive(into: $0, wait: false) }
                if case .timedOut = received { continue }
                self.busyWait.record(caughtDatagram: true)
                return received
            } while NIODeadline.now() < end
            self.busyWait.record(caughtDatagram: false)
        }
        return self.receiveBuffer.withUnsafeMutableBytes { self.socket.receive(into: $0, wait: true) }
    }

    /// Ends the transfer from another thread (server shutdown): the client gets an ERROR packet, the socket closes.
    func stop() {
        self.stopping.store(true, ordering: .releasing)
        self.socket.shutdownReading()
    }

    /// The thread could not be started: give up without having sent anything.
    func abandon(_ error: TFTPError) {
        self.perform(self.machine.abort(error))
        self.socket.close()
    }

    private func handle(length: Int) {
        // The common case, an ACK, is read in place: no buffer per block.
        if length == 4, self.receiveBuffer[0] == 0, self.receiveBuffer[1] == TFTPOpcode.acknowledgement.rawValue {
            let block = UInt16(self.receiveBuffer[2]) << 8 | UInt16(self.receiveBuffer[3])
            self.followClient()
            return self.perform(self.machine.receiveAcknowledgement(block: block, now: .now()))
        }
        var bytes = ByteBuffer(bytes: self.receiveBuffer[..<min(length, self.receiveBuffer.count)])
        guard let packet = try? bytes.readTFTPPacket() else { return }
        switch packet {
        case .acknowledgement(let ack):
            self.perform(self.machine.receiveAcknowledgement(block: ack.block, now: .now()))
        case .error(let error):
            self.perform(self.machine.receiveError(error))
        case .readRequest, .writeRequest, .data, .optionAcknowledgement:
            // Not part of a download; a retransmitted RRQ from the same TID is simply ignored.
            return
        }
    }

    /// Every 256 ACKs (a syscall each time), moves the thread to the CPU the client's packets arrive on.
    private func followClient() {
        defer { self.acknowledgements &+= 1 }
        guard self.acknowledgements & 255 == 0, let cpu = self.socket.incomingCPU, cpu != self.cpu else { return }
        if TFTPThreadPlacement.moveCurrentThread(to: cpu) {
            self.cpu = cpu
        }
    }

    /// RFC 1350 §4: a packet from a wrong TID gets error 5 and does not disturb the transfer; an ERROR packet is
    /// never answered (RFC 1350 §7), so two confused hosts cannot bounce errors forever.
    private func answerWrongTransferID(length: Int) {
        guard length >= 2, self.receiveBuffer[0] != 0 || self.receiveBuffer[1] != TFTPOpcode.error.rawValue
        else { return }
        var reply = ByteBuffer()
        reply.writeTFTPPacket(.error(TFTPErrorPacket(code: .unknownTransferID, message: "Unknown transfer ID")))
        reply.withUnsafeReadableBytes { self.socket.replyToSource($0) }
    }

    private func abortTellingTheClient(_ error: TFTPError) {
        guard !self.reported else { return }
        self.sendPacket(.error(error.errorPacket))
        self.perform(self.machine.abort(error))
    }

    private func perform(_ action: TFTPReadTransferStateMachine.Action) {
        switch action {
        case .sendOptionAcknowledgement(let oack, let deadline):
            self.sendPacket(.optionAcknowledgement(oack))
            self.deadline = deadline
        case .sendBlocks(let blocks, let deadline):
            do {
                try self.send(blocks)
                self.deadline = deadline
            } catch {
                self.abortTellingTheClient(error as? TFTPError ?? .io(operation: "read \(self.fileName)", errno: 0))
            }
        case .scheduleTimeout(let deadline):
            self.deadline = deadline
        case .finish:
            self.report(.completed)
        case .fail(let error):
            self.report(.failed(reason: error.description))
        case .none:
            return
        }
    }

    private func sendPacket(_ packet: TFTPPacket) {
        var buffer = ByteBuffer()
        buffer.writeTFTPPacket(packet)
        buffer.withUnsafeReadableBytes { self.socket.send($0) }
    }

    /// Encodes `blocks` into the window buffer and sends them, one datagram each, in one go.
    private func send(_ blocks: ClosedRange<Int>) throws {
        let blockSize = self.machine.parameters.blockSize
        self.window.clear(minimumCapacity: (blockSize + 4) * blocks.count)
        self.datagramLengths.removeAll(keepingCapacity: true)
        for block in blocks {
            self.window.writeInteger(TFTPOpcode.data.rawValue)
            self.window.writeInteger(UInt16(truncatingIfNeeded: block))
            let length = try self.readAhead.readBlock(block, blockSize: blockSize, into: &self.window)
            let expected = min(Int64(blockSize), self.transferSize - Int64(block - 1) * Int64(blockSize))
            guard Int64(length) == expected else {
                throw TFTPError.fileChanged(name: self.fileName)
            }
            self.datagramLengths.append(4 + length)
        }
        let lengths = self.datagramLengths
        self.window.withUnsafeReadableBytes { self.socket.send($0, lengths: lengths) }
    }

    private func report(_ outcome: TFTPTransferEvent.Outcome) {
        guard !self.reported else { return }
        self.reported = true
        self.environment.report(.read(client: self.client, fileName: self.fileName, machine: self.machine,
                                      transferSize: self.transferSize, startedAt: self.startedAt, outcome: outcome))
    }
}
#endif
