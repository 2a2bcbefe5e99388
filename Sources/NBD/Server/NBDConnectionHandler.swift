import Logging
import NBDWire
import NIOCore

/// The NIO glue of one connection: decodes bytes with the codec, feeds the state machines, performs what they
/// return on the export, and writes the answers. Decisions live in the state machines.
final class NBDConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    let environment: NBDConnectionEnvironment
    var logger: Logger
    /// The connection's bytes, decoded and fed to the state machines.
    var decoder: NBDConnectionDecoder
    /// The export opened for this connection: by `NBD_OPT_INFO` (briefly) or for transmission.
    var device: (any NBDBlockDevice)?
    var attachedExport: NBDExportSummary?
    /// `fdatasync` calls running on the thread pool; the device stays open until they finish.
    var persistsInFlight = 0
    var isActive = false
    /// A `read` held back while the channel is not writable, so a pipelining client cannot queue unbounded replies.
    var readHeld = false
    var bytesRead: UInt64 = 0
    var attachedAt = ContinuousClock.now
    var clientAddress: SocketAddress?
    /// The exports as of this connection's start.
    let catalog: NBDExportCatalog
    /// Closes the connection if the handshake has not reached transmission in time.
    var handshakeDeadline: Scheduled<Void>?

    init(environment: NBDConnectionEnvironment) {
        self.environment = environment
        self.logger = environment.logger
        // One catalog for the whole connection: a reload during the handshake does not change what it lists or opens.
        self.catalog = environment.catalogs.current
        self.decoder = NBDConnectionDecoder(exports: self.catalog.listings, maximumPayload: environment.maximumPayload)
    }

    func channelActive(context: ChannelHandlerContext) {
        self.isActive = true
        self.clientAddress = context.channel.remoteAddress
        self.logger[metadataKey: "nbd.client"] = "\(self.clientAddress?.description ?? "?")"
        let channel = context.channel
        let (logger, timeout) = (self.logger, self.environment.handshakeTimeout)
        self.handshakeDeadline = context.eventLoop.scheduleTask(in: timeout) {
            logger.info("NBD handshake not finished within \(timeout): connection closed")
            channel.close(promise: nil)
        }
        self.apply(self.decoder.handshake.start(), context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.isActive = false
        self.handshakeDeadline?.cancel()
        if let export = self.attachedExport {
            self.logger.info(
                "NBD client detached",
                metadata: [
                    "nbd.export": "\(export.name)",
                    "nbd.bytesRead": "\(self.bytesRead)",
                ])
            self.environment.onEvent?(
                NBDConnectionEvent(
                    clientAddress: self.clientAddress, exportName: export.name, kind: .detached,
                    bytesRead: self.bytesRead, duration: ContinuousClock.now - self.attachedAt
                ))
            self.attachedExport = nil
        }
        self.releaseDeviceIfIdle()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = self.unwrapInboundIn(data)
        self.decoder.receive(&incoming)
        do {
            try self.decode(context: context)
        } catch {
            self.logger.warning("NBD connection closed: \(error)")
            self.close(context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.decoder.compact()
        context.flush()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.debug("NBD connection error: \(error)")
        self.close(context: context)
    }

    func read(context: ChannelHandlerContext) {
        guard context.channel.isWritable else {
            self.readHeld = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, self.readHeld {
            self.readHeld = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    /// Acts on every whole message received, in the current phase.
    private func decode(context: ChannelHandlerContext) throws {
        while self.isActive, let decoded = try self.decoder.next() {
            switch decoded {
            case .handshake(let action): self.apply(action, context: context)
            case .request(_, let action), .payload(let action): self.apply(action, context: context)
            }
        }
    }

    // MARK: Handshake

    func apply(_ action: NBDHandshakeStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .send(let messages):
            self.send(messages, context: context)
        case .openExport(let name):
            self.apply(self.open(name), context: context)
        case .sendAndReleaseExport(let messages):
            self.device?.close()
            self.device = nil
            self.send(messages, context: context)
        case .sendAndStartTransmission(let messages, let export):
            self.send(messages, context: context)
            self.startTransmission(export)
        case .sendAndClose(let messages):
            self.send(messages, context: context)
            self.close(context: context)
        case .close(let error):
            self.logger.info("NBD handshake ended: \(error)")
            self.close(context: context)
        }
    }

    /// Looks the export up and opens it for this connection (a short, local file system call on the event loop).
    private func open(_ name: String) -> NBDHandshakeStateMachine.Action {
        guard let export = self.catalog.export(named: name) else {
            self.logger.info("NBD client asked for unknown export \"\(name)\"")
            return self.decoder.handshake.exportNotFound()
        }
        do {
            let device = try export.open()
            self.device = device
            return self.decoder.handshake.exportOpened(
                NBDExportSummary(
                    name: export.name, description: export.description, size: device.size, flags: device.flags
                ))
        } catch {
            self.logger.error("NBD export \"\(export.name)\" cannot be opened: \(error)")
            return self.decoder.handshake.exportFailed("cannot be opened")
        }
    }

    private func startTransmission(_ export: NBDExportSummary) {
        self.handshakeDeadline?.cancel()
        self.handshakeDeadline = nil
        self.decoder.startTransmission(export)
        self.attachedExport = export
        self.attachedAt = .now
        self.logger.info(
            "NBD client attached",
            metadata: ["nbd.export": "\(export.name)", "nbd.size": "\(export.size)"])
        self.environment.onEvent?(
            NBDConnectionEvent(
                clientAddress: self.clientAddress, exportName: export.name, kind: .attached, bytesRead: 0,
                duration: .zero
            ))
    }

    private func send(_ messages: [NBDHandshakeMessage], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        for message in messages { buffer.writeNBDHandshakeMessage(message) }
        context.writeAndFlush(self.wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
    }

    func close(context: ChannelHandlerContext) {
        guard self.isActive else { return }
        self.isActive = false
        context.flush()
        context.close(promise: nil)
    }

    func releaseDeviceIfIdle() {
        guard !self.isActive, self.persistsInFlight == 0 else { return }
        self.device?.close()
        self.device = nil
    }
}
