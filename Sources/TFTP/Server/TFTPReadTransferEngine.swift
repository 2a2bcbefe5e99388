import NIOCore
import Synchronization
import TFTPWire

/// Serves one RRQ on its own socket: the I/O glue around ``TFTPReadTransferStateMachine``, driven by one of the
/// server's ``TFTPTransferLoop``s.
///
/// The NIO listener accepts the request and opens the file; from then on the transfer needs no NIO event loop: its
/// transfer loop waits in its socket's `recvfrom` (or, when the loop serves several, tells it when its socket is
/// readable), tells it when its deadline passed, and when the server stops. A lock-step block costs one `recvfrom`
/// and one `sendmsg` that takes the payload from the read-ahead chunk; a window goes out in one `sendmmsg`.
final class TFTPReadTransferEngine: @unchecked Sendable {
    // Unchecked Sendable: the engine is handed to its loop once; from then on only ``stop()`` is called from other
    // threads, and it touches nothing but `stopping`.
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
    /// An ACK is 4 bytes; an ERROR from the client carries a message; anything longer is cut off harmlessly.
    private let receiveBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 8)
    /// When the state machine wants to hear of a timeout.
    private(set) var deadline: NIODeadline
    private var reported = false
    /// Whether ``waitForDatagram()`` may block: only once its wait is bounded (``limitWaits(to:)``).
    private(set) var canWait = false
    /// What its loop calls when the transfer is over and its socket closed.
    var onFinished: (@Sendable () -> Void)?

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
        self.deadline = .now()
    }

    deinit {
        self.receiveBuffer.deallocate()
    }

    /// The socket's descriptor, for the loop's epoll.
    var descriptor: CInt { self.socket.descriptor }

    var isFinished: Bool { self.machine.isFinished }

    /// The server stops: the loop ends the transfer (the client is told) at its next turn.
    var stopRequested: Bool { self.stopping.load(ordering: .acquiring) }

    /// Sends the OACK or the first block(s).
    func begin() {
        self.perform(self.machine.start(now: .now()))
    }

    /// Reads up to `limit` datagrams waiting on the socket, without blocking; false when none was there. The loop
    /// asks for one per readiness (epoll reports the socket again while more wait): reading on until the socket
    /// is empty would cost an extra `recvfrom` for every block in lock-step.
    @discardableResult
    func readable(limit: Int = 1) -> Bool {
        var any = false
        var read = 0
        while !self.machine.isFinished && read < limit {
            read += 1
            guard self.receive(wait: false) else { return any }
            any = true
        }
        return any
    }

    /// Waits for one datagram (at most the time given to ``limitWaits(to:)``) and handles it.
    func waitForDatagram() {
        guard self.canWait, !self.machine.isFinished else { return }
        self.receive(wait: true)
    }

    /// Bounds each ``waitForDatagram()``, so the loop waiting in it sees new transfers and stop requests in time.
    func limitWaits(to timeout: TimeAmount) {
        self.canWait = self.socket.setReceiveTimeout(timeout)
    }

    /// Receives one datagram and handles it; false when none came.
    @discardableResult
    private func receive(wait: Bool) -> Bool {
        let received = self.socket.receive(into: self.receiveBuffer, wait: wait)
        switch received {
        case .timedOut:
            return false
        case .failed(let errno):
            self.abortTellingTheClient(.io(operation: "recvfrom", errno: errno))
        case .datagram(let length, fromPeer: true):
            self.handle(length: length)
        case .datagram(let length, fromPeer: false):
            self.answerWrongTransferID(length: length)
        }
        return true
    }

    /// The retransmission timer, when its time has come.
    func expire(now: NIODeadline) {
        guard !self.machine.isFinished, now >= self.deadline else { return }
        self.perform(self.machine.timeoutFired(now: now))
    }

    /// Ends the transfer because the server stops, telling the client.
    func endForShutdown() {
        self.abortTellingTheClient(.shuttingDown)
    }

    /// Closes the socket once the transfer is over (the loop calls this after removing it from its epoll).
    func close() {
        self.socket.close()
    }

    /// Ends the transfer from another thread (server shutdown): its loop tells the client and closes the socket.
    func stop() {
        self.stopping.store(true, ordering: .releasing)
    }

    /// The transfer could not be started: give up without having sent anything.
    func abandon(_ error: TFTPError) {
        self.perform(self.machine.abort(error))
        self.socket.close()
    }

    private func handle(length: Int) {
        // The common case, an ACK, is read in place: no buffer per block.
        if length == 4, self.receiveBuffer[0] == 0, self.receiveBuffer[1] == TFTPOpcode.acknowledgement.rawValue {
            let block = UInt16(self.receiveBuffer[2]) << 8 | UInt16(self.receiveBuffer[3])
            return self.perform(self.machine.receiveAcknowledgement(block: block, now: .now()))
        }
        var bytes = ByteBuffer(
            bytes: UnsafeRawBufferPointer(rebasing: self.receiveBuffer[..<min(length, self.receiveBuffer.count)]))
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

    private func sendPacket(_ packet: TFTPServerPacket) {
        var buffer = ByteBuffer()
        buffer.writeTFTPPacket(packet)
        buffer.withUnsafeReadableBytes { self.socket.send($0) }
    }

    /// Encodes `blocks` into the window buffer and sends them, one datagram each, in one go; a single block (lock-step)
    /// goes out straight from the read-ahead chunk.
    private func send(_ blocks: ClosedRange<Int>) throws {
        let blockSize = self.machine.parameters.blockSize
        if blocks.count == 1, try self.sendInPlace(blocks.lowerBound, blockSize: blockSize) { return }
        self.window.clear(minimumCapacity: (blockSize + 4) * blocks.count)
        self.datagramLengths.removeAll(keepingCapacity: true)
        for block in blocks {
            self.window.writeInteger(TFTPOpcode.data.rawValue)
            self.window.writeInteger(UInt16(truncatingIfNeeded: block))
            let length = try self.readAhead.readBlock(block, blockSize: blockSize, into: &self.window)
            guard length == self.expectedLength(of: block, blockSize: blockSize) else {
                throw TFTPError.fileChanged(name: self.fileName)
            }
            self.datagramLengths.append(4 + length)
        }
        let lengths = self.datagramLengths
        self.window.withUnsafeReadableBytes { self.socket.send($0, lengths: lengths) }
    }

    /// Sends block `block` with its payload where the read-ahead holds it (one `sendmsg`, no copy); false when the
    /// file is not read ahead and the block must be copied.
    private func sendInPlace(_ block: Int, blockSize: Int) throws -> Bool {
        let expected = self.expectedLength(of: block, blockSize: blockSize)
        var header = (
            UInt8(0), UInt8(truncatingIfNeeded: TFTPOpcode.data.rawValue),
            UInt8(truncatingIfNeeded: block >> 8), UInt8(truncatingIfNeeded: block)
        )
        let complete = try self.readAhead.withBlock(block, blockSize: blockSize) { payload -> Bool in
            guard payload.count == expected else { return false }
            withUnsafeBytes(of: &header) { self.socket.send(header: $0, payload: payload) }
            return true
        }
        switch complete {
        case nil: return false
        case true?: return true
        case false?: throw TFTPError.fileChanged(name: self.fileName)
        }
    }

    /// The payload length of `block`: the block size, less for the last one.
    private func expectedLength(of block: Int, blockSize: Int) -> Int {
        Int(min(Int64(blockSize), self.transferSize - Int64(block - 1) * Int64(blockSize)))
    }

    private func report(_ outcome: TFTPTransferEvent.Outcome) {
        guard !self.reported else { return }
        self.reported = true
        self.environment.report(
            .read(
                client: self.client, fileName: self.fileName, machine: self.machine,
                transferSize: self.transferSize, startedAt: self.startedAt, outcome: outcome))
    }
}
