import Logging
import NIOCore
import NIOPosix
import TFTPWire

/// Handles requests on a listening socket (port 69): rate limit, decode, open the file, then start the transfer on
/// a new socket with an ephemeral port (RFC 1350 §4: each side chooses a new TID) on the next event loop.
final class TFTPListenerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// Everything a listener needs, shared by all listeners of one server.
    struct Setup: Sendable {
        var configuration: TFTPServerConfiguration
        var source: any TFTPFileSource
        var group: any EventLoopGroup
        var environment: TFTPTransferEnvironment
        var registry: TFTPTransferRegistry
        /// Where read transfers run.
        var loops: TFTPTransferLoops
    }

    private let setup: Setup
    private let negotiator: TFTPOptionNegotiator
    private var rateLimiter: TFTPRateLimiter
    private var logger: Logger { self.setup.environment.logger }

    init(setup: Setup) {
        self.setup = setup
        self.negotiator = TFTPOptionNegotiator(
            maxBlockSize: setup.configuration.maxBlockSize,
            maxWindowSize: setup.configuration.maxWindowSize,
            defaultTimeout: setup.configuration.timeout.timeAmount,
            maxTimeout: setup.configuration.maxTimeout
        )
        self.rateLimiter = TFTPRateLimiter(
            burst: setup.configuration.rateLimit.burst,
            refillPerSecond: setup.configuration.rateLimit.refillPerSecond
        )
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = self.unwrapInboundIn(data)
        let now = NIODeadline.now()
        let client = envelope.remoteAddress
        // Rate-limited requests get no answer at all: an answer is what a reflection attack wants.
        guard self.rateLimiter.allow(client.ipAddress ?? "", now: now) else {
            self.logger.debug("TFTP request from \(client) dropped by the rate limit")
            return
        }
        var bytes = envelope.data
        let packet: TFTPServerPacket
        do {
            packet = try bytes.readTFTPPacket()
        } catch {
            // RFC 1350 §5: a recognisable request that is malformed gets error 4; anything else is dropped.
            let opcode = envelope.data.getInteger(at: envelope.data.readerIndex, as: UInt16.self)
            if opcode == TFTPOpcode.readRequest.rawValue || opcode == TFTPOpcode.writeRequest.rawValue {
                self.logger.notice("TFTP refused malformed request from \(client): \(error)")
                let refusal = TFTPError.illegalOperation(reason: "malformed request")
                self.reply(refusal.errorPacket, to: client, context: context)
            }
            return
        }
        let local = self.transferAddress(envelope, context: context)
        switch packet {
        case .readRequest(let request):
            self.startRead(request, client: client, local: local, startedAt: now, context: context)
        case .writeRequest(let request):
            self.startWrite(request, client: client, local: local, startedAt: now, context: context)
        case .data, .acknowledgement, .error, .optionAcknowledgement:
            // Not a request: no transfer runs on this port, and answering would only help reflection.
            return
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.debug("TFTP listener socket error: \(error)")
    }

    private func startRead(
        _ request: TFTPRequest,
        client: SocketAddress,
        local: SocketAddress?,
        startedAt: NIODeadline,
        context: ChannelHandlerContext
    ) {
        guard request.mode != .mail else {
            return self.refuse(
                request,
                TFTPError.illegalOperation(reason: "mode mail"),
                client: client,
                context: context
            )
        }
        guard let local, self.admit(request, client: client, context: context) else { return }
        let source = self.setup.source
        let promise = context.eventLoop.makePromise(of: (file: any TFTPFile, size: Int64).self)
        promise.completeWithTask {
            let file = try await source.openForReading(request.fileName, client: client)
            guard request.mode == .netascii else { return (file, file.size) }
            // The netascii size scan reads the whole file: a blocking job, not one for Swift's cooperative pool.
            let size = try await NIOThreadPool.singleton.runIfActive { try TFTPNetASCIIEncoder.convertedSize(of: file) }
            return (file, size)
        }
        promise.futureResult.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let opened):
                let parameters = self.negotiator.negotiate(request, direction: .read(transferSize: opened.size))
                self.runOnThread(
                    request, file: opened.file, size: opened.size, parameters: parameters,
                    client: client, local: local, startedAt: startedAt)
            case .failure(let error):
                self.setup.registry.finishSetup(channel: nil, client: client.registryKey)
                self.refuse(request, error, client: client, context: context)
            }
        }
    }

    private func startWrite(
        _ request: TFTPRequest,
        client: SocketAddress,
        local: SocketAddress?,
        startedAt: NIODeadline,
        context: ChannelHandlerContext
    ) {
        guard self.setup.configuration.allowWrites else {
            let error = TFTPError.accessViolation(name: request.fileName, reason: "writes are disabled")
            return self.refuse(request, error, client: client, context: context)
        }
        guard request.mode == .octet else {
            let error = TFTPError.illegalOperation(reason: "uploads are accepted in octet mode only")
            return self.refuse(request, error, client: client, context: context)
        }
        guard let local, self.admit(request, client: client, context: context) else { return }
        let source = self.setup.source
        let promise = context.eventLoop.makePromise(of: (any TFTPWritableFile).self)
        promise.completeWithTask {
            try await source.openForWriting(request.fileName, client: client)
        }
        promise.futureResult.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let file):
                let parameters = self.negotiator.negotiate(request, direction: .write)
                let environment = self.setup.environment
                self.bindTransfer(local: local, client: client, receiveBufferSize: parameters.blockSize + 64) {
                    channel in
                    try channel.pipeline.syncOperations.addHandler(
                        TFTPWriteTransferHandler(
                            client: client,
                            request: request,
                            file: file,
                            parameters: parameters,
                            startedAt: startedAt,
                            environment: environment
                        )
                    )
                }
            case .failure(let error):
                self.setup.registry.finishSetup(channel: nil, client: client.registryKey)
                self.refuse(request, error, client: client, context: context)
            }
        }
    }

    /// Starts a read transfer on its own socket in one of the transfer loops (see ``TFTPReadTransferEngine`` for
    /// why not NIO).
    private func runOnThread(
        _ request: TFTPRequest,
        file: any TFTPFile,
        size: Int64,
        parameters: TFTPTransferParameters,
        client: SocketAddress,
        local: SocketAddress,
        startedAt: NIODeadline
    ) {
        let registry = self.setup.registry
        let engine: TFTPReadTransferEngine
        do {
            let socket = try TFTPDatagramSocket(
                local: local,
                peer: client,
                bufferSize: self.setup.configuration.socketBufferSize
            )
            engine = TFTPReadTransferEngine(
                socket: socket,
                client: client,
                request: request,
                file: file,
                transferSize: size,
                parameters: parameters,
                startedAt: startedAt,
                environment: self.setup.environment
            )
        } catch {
            self.logger.error("TFTP could not open a transfer socket on \(local): \(error)")
            registry.finishSetup(channel: nil, client: client.registryKey)
            return
        }
        registry.finishSetup(engine: engine)
        let key = client.registryKey
        engine.onFinished = { registry.finished(engine, client: key) }
        self.setup.loops.add(engine)
    }

    /// Whether the registry takes one more transfer; a request beyond ``TFTPServerConfiguration/maxTransfers`` is
    /// told the server is busy (it may try again), one during shutdown gets no answer.
    private func admit(_ request: TFTPRequest, client: SocketAddress, context: ChannelHandlerContext) -> Bool {
        let registry = self.setup.registry
        switch registry.beginSetup(client: client.registryKey) {
        case .admitted:
            return true
        case .shuttingDown:
            return false
        case .full:
            self.logger.debug("TFTP refused \(request.fileName) for \(client): \(registry.limit) transfers running")
            self.reply(TFTPError.busy(limit: registry.limit).errorPacket, to: client, context: context)
            return false
        case .clientFull:
            self.logger.debug(
                "TFTP refused \(request.fileName) for \(client): \(registry.clientLimit) transfers of this client running"
            )
            self.reply(TFTPError.busy(limit: registry.clientLimit).errorPacket, to: client, context: context)
            return false
        }
    }

    /// Binds the transfer socket on the local IP the request arrived on, with an ephemeral port.
    private func bindTransfer(
        local: SocketAddress,
        client: SocketAddress,
        receiveBufferSize: Int,
        addHandler: @escaping @Sendable (any Channel) throws -> Void
    ) {
        let registry = self.setup.registry
        let key = client.registryKey
        let logger = self.logger
        let bufferSize = self.setup.configuration.socketBufferSize
        DatagramBootstrap(group: self.setup.group.next())
            .channelOption(ChannelOptions.socketOption(.so_sndbuf), value: SocketOptionValue(bufferSize))
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: SocketOptionValue(bufferSize))
            .channelOption(
                ChannelOptions.recvAllocator,
                value: FixedSizeRecvByteBufferAllocator(capacity: max(receiveBufferSize, 2048))
            )
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try addHandler(channel) }
            }
            .bind(to: local)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    registry.finishSetup(channel: channel, client: key)
                case .failure(let error):
                    logger.error("TFTP could not open a transfer socket on \(local): \(error)")
                    registry.finishSetup(channel: nil, client: key)
                }
            }
    }

    /// The address for the transfer socket: the listener's IP (or, for a wildcard listener, the IP the request was
    /// sent to) with port 0.
    private func transferAddress(_ envelope: AddressedEnvelope<ByteBuffer>, context: ChannelHandlerContext)
        -> SocketAddress?
    {
        var address = envelope.metadata?.packetInfo?.destinationAddress ?? context.channel.localAddress
        address?.port = 0
        return address
    }

    private func refuse(
        _ request: TFTPRequest,
        _ error: any Error,
        client: SocketAddress,
        context: ChannelHandlerContext
    ) {
        let tftpError = error as? TFTPError ?? .io(operation: "open \(request.fileName)", errno: 0)
        self.logger.notice("TFTP refused \(request.fileName) for \(client): \(tftpError)")
        self.reply(tftpError.errorPacket, to: client, context: context)
    }

    private func reply(_ error: TFTPErrorPacket, to client: SocketAddress, context: ChannelHandlerContext) {
        let envelope = AddressedEnvelope(packet: .error(error), to: client, allocator: context.channel.allocator)
        context.writeAndFlush(self.wrapOutboundOut(envelope), promise: nil)
    }
}

extension SocketAddress {
    /// The client's IP without its port: what the per-client transfer limit counts.
    var registryKey: String { self.ipAddress ?? "\(self)" }
}
