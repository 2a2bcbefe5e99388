import NIOCore

/// Serves one RRQ on its own ephemeral port: NIO glue around ``TFTPReadTransferStateMachine``.
///
/// A window is encoded into one reusable buffer (blocks read with pread straight into it), written as datagrams
/// and flushed once, so NIO hands it to the kernel in one `sendmmsg`.
final class TFTPReadTransferHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private var machine: TFTPReadTransferStateMachine
    private var reader: TFTPBlockReader
    private let client: SocketAddress
    private let fileName: String
    private let transferSize: Int64
    private let startedAt: NIODeadline
    private let environment: TFTPTransferEnvironment
    private var windowBuffer = ByteBuffer()
    private var datagramLengths: [Int] = []
    private var timer: Scheduled<Void>?
    private var reported = false

    init(
        client: SocketAddress,
        request: TFTPRequest,
        file: any TFTPFile,
        transferSize: Int64,
        parameters: TFTPTransferParameters,
        startedAt: NIODeadline,
        environment: TFTPTransferEnvironment
    ) {
        self.client = client
        self.fileName = request.fileName
        self.transferSize = transferSize
        self.startedAt = startedAt
        self.environment = environment
        self.reader = TFTPBlockReader(file: file, mode: request.mode, windowSize: parameters.windowSize)
        self.machine = TFTPReadTransferStateMachine(
            transferSize: transferSize,
            parameters: parameters,
            maxRetransmits: environment.maxRetransmits
        )
    }

    func channelActive(context: ChannelHandlerContext) {
        self.windowBuffer = context.channel.allocator.buffer(
            capacity: (self.machine.parameters.blockSize + 4) * min(self.machine.parameters.windowSize, 64)
        )
        self.perform(self.machine.start(now: .now()), context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = self.unwrapInboundIn(data)
        guard envelope.remoteAddress == self.client else {
            let allocator = context.channel.allocator
            if let reply = AddressedEnvelope.unknownTransferIDReply(to: envelope, allocator: allocator) {
                context.writeAndFlush(self.wrapOutboundOut(reply), promise: nil)
            }
            return
        }
        var bytes = envelope.data
        guard let packet = try? bytes.readTFTPPacket() else { return }
        switch packet {
        case .acknowledgement(let ack):
            self.perform(self.machine.receiveAcknowledgement(block: ack.block, now: .now()), context: context)
        case .error(let error):
            self.perform(self.machine.receiveError(error), context: context)
        case .readRequest, .writeRequest, .data, .optionAcknowledgement:
            // Not part of a download; a retransmitted RRQ from the same TID is simply ignored.
            return
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.perform(self.machine.abort(.shuttingDown), context: context)
        context.fireChannelInactive()
    }

    /// On server shutdown the client is told with an ERROR packet, so it stops at once instead of timing out.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is TFTPShutdownEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        self.abortTellingTheClient(.shuttingDown, context: context)
    }

    private func abortTellingTheClient(_ error: TFTPError, context: ChannelHandlerContext) {
        guard !self.reported else { return }
        let reply = AddressedEnvelope(packet: .error(error.errorPacket), to: self.client,
                                      allocator: context.channel.allocator)
        context.writeAndFlush(self.wrapOutboundOut(reply), promise: nil)
        self.perform(self.machine.abort(error), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A failed send (e.g. ICMP unreachable) is not fatal: the retransmission timer decides.
        self.environment.logger.debug("TFTP transfer socket error: \(error)")
    }

    private func perform(_ action: TFTPReadTransferStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .sendOptionAcknowledgement(let oack, let deadline):
            let envelope = AddressedEnvelope(
                packet: .optionAcknowledgement(oack),
                to: self.client,
                allocator: context.channel.allocator
            )
            context.writeAndFlush(self.wrapOutboundOut(envelope), promise: nil)
            self.armTimer(deadline, context: context)
        case .sendBlocks(let blocks, let deadline):
            do {
                try self.send(blocks, context: context)
                self.armTimer(deadline, context: context)
            } catch {
                let tftpError = error as? TFTPError ?? .io(operation: "read \(self.fileName)", errno: 0)
                self.abortTellingTheClient(tftpError, context: context)
            }
        case .scheduleTimeout(let deadline):
            self.armTimer(deadline, context: context)
        case .finish:
            self.report(.completed)
            context.close(promise: nil)
        case .fail(let error):
            self.report(.failed(reason: error.description))
            context.close(promise: nil)
        case .none:
            return
        }
    }

    /// Encodes `blocks` into the window buffer and sends each as one datagram, flushing once.
    ///
    /// All blocks are encoded before the first slice is handed to NIO: a slice shares the buffer's storage, so
    /// writing into the buffer after that would copy it.
    private func send(_ blocks: ClosedRange<Int>, context: ChannelHandlerContext) throws {
        let blockSize = self.machine.parameters.blockSize
        // Unique again once the previous window's datagrams were written, so this reuses the same storage.
        self.windowBuffer.clear(minimumCapacity: (blockSize + 4) * blocks.count)
        self.datagramLengths.removeAll(keepingCapacity: true)
        for block in blocks {
            self.windowBuffer.writeInteger(TFTPOpcode.data.rawValue)
            self.windowBuffer.writeInteger(UInt16(truncatingIfNeeded: block))
            let length = try self.reader.readBlock(block, blockSize: blockSize, into: &self.windowBuffer)
            let expected = min(Int64(blockSize), self.transferSize - Int64(block - 1) * Int64(blockSize))
            guard Int64(length) == expected else {
                throw TFTPError.fileChanged(name: self.fileName)
            }
            self.datagramLengths.append(4 + length)
        }
        var window = self.windowBuffer
        for length in self.datagramLengths {
            guard let datagram = window.readSlice(length: length) else { break }
            context.write(
                self.wrapOutboundOut(AddressedEnvelope(remoteAddress: self.client, data: datagram)),
                promise: nil
            )
        }
        context.flush()
    }

    /// Keeps at most one timer: when it fires early the state machine asks for the later deadline again.
    private func armTimer(_ deadline: NIODeadline, context: ChannelHandlerContext) {
        guard self.timer == nil else { return }
        self.timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.perform(self.machine.timeoutFired(now: .now()), context: context)
        }
    }

    private func report(_ outcome: TFTPTransferEvent.Outcome) {
        guard !self.reported else { return }
        self.reported = true
        self.timer?.cancel()
        self.timer = nil
        self.environment.report(.read(client: self.client, fileName: self.fileName, machine: self.machine,
                                      transferSize: self.transferSize, startedAt: self.startedAt, outcome: outcome))
    }
}
