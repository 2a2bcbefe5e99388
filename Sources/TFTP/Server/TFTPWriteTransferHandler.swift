import NIOCore
import TFTPWire

/// Receives one WRQ on its own ephemeral port: NIO glue around ``TFTPWriteTransferStateMachine``.
final class TFTPWriteTransferHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private var machine: TFTPWriteTransferStateMachine
    private let file: any TFTPWritableFile
    private let client: SocketAddress
    private let fileName: String
    private let startedAt: NIODeadline
    private let environment: TFTPTransferEnvironment
    private var stored: Int64 = 0
    private var timer: Scheduled<Void>?
    private var reported = false

    init(
        client: SocketAddress,
        request: TFTPRequest,
        file: any TFTPWritableFile,
        parameters: TFTPTransferParameters,
        startedAt: NIODeadline,
        environment: TFTPTransferEnvironment
    ) {
        self.client = client
        self.fileName = request.fileName
        self.file = file
        self.startedAt = startedAt
        self.environment = environment
        self.machine = TFTPWriteTransferStateMachine(parameters: parameters, maxRetransmits: environment.maxRetransmits)
    }

    func channelActive(context: ChannelHandlerContext) {
        self.perform(self.machine.start(now: .now()), payload: nil, context: context)
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
        case .data(let data):
            let action = self.machine.receiveData(
                block: data.block,
                payloadLength: data.payload.readableBytes,
                now: .now()
            )
            self.perform(action, payload: data.payload, context: context)
        case .error(let error):
            self.perform(self.machine.receiveError(error), payload: nil, context: context)
        case .readRequest, .writeRequest, .acknowledgement, .optionAcknowledgement:
            return
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.perform(self.machine.abort(.shuttingDown), payload: nil, context: context)
        context.fireChannelInactive()
    }

    /// On server shutdown the client is told with an ERROR packet (the machine's abort carries it).
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is TFTPShutdownEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        self.perform(self.machine.abort(.shuttingDown), payload: nil, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.environment.logger.debug("TFTP transfer socket error: \(error)")
    }

    private func perform(
        _ action: TFTPWriteTransferStateMachine.Action,
        payload: ByteBuffer?,
        context: ChannelHandlerContext
    ) {
        switch action {
        case .sendOptionAcknowledgement(let oack, let deadline):
            self.send(.optionAcknowledgement(oack), context: context)
            self.armTimer(deadline, context: context)
        case .sendAcknowledgement(let ack, let deadline):
            self.send(.acknowledgement(ack), context: context)
            if let deadline {
                self.armTimer(deadline, context: context)
            }
        case .store(_, let offset, let ack, let isLast, let deadline):
            do {
                if let payload, payload.readableBytes > 0 {
                    try self.file.write(payload, offset: offset)
                }
                self.stored = offset + Int64(payload?.readableBytes ?? 0)
                if isLast {
                    // Commit before the last ACK: the client sees success only once the file is in place.
                    try self.file.commit()
                }
            } catch {
                let tftpError = error as? TFTPError ?? .io(operation: "write \(self.fileName)", errno: 0)
                self.file.abort()
                self.send(.error(tftpError.errorPacket), context: context)
                self.report(.failed(reason: tftpError.description))
                context.close(promise: nil)
                return
            }
            self.send(.acknowledgement(ack), context: context)
            if isLast {
                self.report(.completed)
                context.close(promise: nil)
            } else {
                self.armTimer(deadline, context: context)
            }
        case .scheduleTimeout(let deadline):
            self.armTimer(deadline, context: context)
        case .fail(let error, let reply):
            self.file.abort()
            if let reply {
                self.send(.error(reply), context: context)
            }
            self.report(.failed(reason: error.description))
            context.close(promise: nil)
        case .none:
            return
        }
    }

    private func send(_ packet: TFTPServerPacket, context: ChannelHandlerContext) {
        let envelope = AddressedEnvelope(packet: packet, to: self.client, allocator: context.channel.allocator)
        context.writeAndFlush(self.wrapOutboundOut(envelope), promise: nil)
    }

    private func armTimer(_ deadline: NIODeadline, context: ChannelHandlerContext) {
        guard self.timer == nil else { return }
        self.timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.perform(self.machine.timeoutFired(now: .now()), payload: nil, context: context)
        }
    }

    private func report(_ outcome: TFTPTransferEvent.Outcome) {
        guard !self.reported else { return }
        self.reported = true
        self.timer?.cancel()
        self.timer = nil
        let elapsed = NIODeadline.now() - self.startedAt
        self.environment.report(
            TFTPTransferEvent(
                client: self.client,
                fileName: self.fileName,
                direction: .write,
                bytes: self.stored,
                duration: .nanoseconds(elapsed.nanoseconds),
                blockSize: self.machine.parameters.blockSize,
                windowSize: 1,
                outcome: outcome
            )
        )
    }
}
