import NIOCore
import NIOHTTP1
import NIOPosix

/// One connection's requests, in order (NIO's pipelining handler holds back the next until this one is answered):
/// GET and HEAD of files from the source, the body written from the file with sendfile(2) (a `FileRegion`), keep-alive
/// unless the client says close. The file is opened on the thread pool.
final class HTTPFileHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let source: any HTTPFileSource
    private let threadPool: NIOThreadPool
    private let maximumBodyBytes: Int
    private let headTimeout: TimeAmount
    private let onTransfer: (@Sendable (HTTPTransferEvent) -> Void)?
    private var head: HTTPRequestHead?
    private var bodyBytes = 0
    private var headDeadline: Scheduled<Void>?

    init(
        source: any HTTPFileSource, threadPool: NIOThreadPool, maximumBodyBytes: Int, headTimeout: TimeAmount,
        onTransfer: (@Sendable (HTTPTransferEvent) -> Void)?
    ) {
        self.source = source
        self.threadPool = threadPool
        self.maximumBodyBytes = maximumBodyBytes
        self.headTimeout = headTimeout
        self.onTransfer = onTransfer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armHeadDeadline(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armHeadDeadline(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        headDeadline?.cancel()
    }

    /// Until the next request's head is complete.
    private func armHeadDeadline(context: ChannelHandlerContext) {
        headDeadline?.cancel()
        let channel = context.channel
        headDeadline = context.eventLoop.scheduleTask(in: headTimeout) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            headDeadline?.cancel()
            headDeadline = nil
            head = request
            bodyBytes = 0
        case .body(let bytes):
            bodyBytes += bytes.readableBytes
            if bodyBytes > maximumBodyBytes, let request = head {
                head = nil
                respond(
                    context: context, request: request, name: request.uri,
                    HTTPFileResponse.error(413, "a GET or HEAD carries no body"), keepAlive: false)
            }
        case .end:
            guard let request = head else { return }
            head = nil
            handle(context: context, request: request)
        }
    }

    private func handle(context: ChannelHandlerContext, request: HTTPRequestHead) {
        let keepAlive = request.isKeepAlive
        guard request.method == .GET || request.method == .HEAD else {
            respond(
                context: context, request: request, name: request.uri,
                HTTPFileResponse.error(405, "only GET and HEAD", allow: "GET, HEAD"), keepAlive: keepAlive)
            return
        }
        let name: String
        do {
            // As TFTP clients name it: relative to the root.
            name = String(try HTTPRequestTarget.fileName(request.uri).drop { $0 == "/" })
        } catch {
            respond(
                context: context, request: request, name: request.uri,
                HTTPFileResponse.error(400, "not a file path"), keepAlive: false)
            return
        }
        let started = ContinuousClock.now
        let source = self.source
        let opened = threadPool.runIfActive(eventLoop: context.eventLoop) {
            Result { () throws(HTTPFileSourceError) in try source.open(name) }
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        opened.whenComplete { result in
            let (handler, context) = loopBound.value
            switch result {
            case .success(.success(let file)):
                handler.send(
                    context: context, request: request, name: name, file: file, keepAlive: keepAlive,
                    started: started)
            case .success(.failure(.notFound)):
                handler.respond(
                    context: context, request: request, name: name,
                    HTTPFileResponse.error(404, "not found"), keepAlive: keepAlive)
            case .success(.failure(.refused)):
                handler.respond(
                    context: context, request: request, name: name,
                    HTTPFileResponse.error(403, "refused"), keepAlive: keepAlive)
            case .success(.failure(.failed)), .failure:
                handler.respond(
                    context: context, request: request, name: name,
                    HTTPFileResponse.error(500, "cannot read the file"), keepAlive: false)
            }
        }
    }

    private func send(
        context: ChannelHandlerContext, request: HTTPRequestHead, name: String,
        file: (descriptor: Int32, size: Int64), keepAlive: Bool, started: ContinuousClock.Instant
    ) {
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: file.descriptor)
        let response = HTTPFileResponse.file(
            named: name, size: file.size,
            range: request.headers.first(name: "Range"), head: request.method == .HEAD)
        context.write(
            wrapOutboundOut(.head(Self.head(response, request: request, keepAlive: keepAlive))),
            promise: nil)
        if let body = response.body {
            let region = FileRegion(
                fileHandle: handle, readerIndex: Int(body.lowerBound),
                endIndex: Int(body.upperBound) + 1)
            context.write(wrapOutboundOut(.body(.fileRegion(region))), promise: nil)
        }
        let bytes = response.body.map { $0.upperBound - $0.lowerBound + 1 } ?? 0
        let channel = context.channel
        let onTransfer = self.onTransfer
        let peer = context.remoteAddress
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { result in
            try? handle.close()
            let (handler, context) = loopBound.value
            if keepAlive { handler.armHeadDeadline(context: context) }
            onTransfer?(
                HTTPTransferEvent(
                    client: peer, fileName: name, method: request.method.rawValue,
                    status: response.status, bytes: (try? result.get()) == nil ? 0 : bytes,
                    duration: ContinuousClock.now - started))
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    private func respond(
        context: ChannelHandlerContext, request: HTTPRequestHead, name: String,
        _ answer: (HTTPFileResponse, String), keepAlive: Bool
    ) {
        let (response, text) = answer
        context.write(
            wrapOutboundOut(.head(Self.head(response, request: request, keepAlive: keepAlive))),
            promise: nil)
        if request.method != .HEAD {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))),
                promise: nil)
        }
        let channel = context.channel
        let onTransfer = self.onTransfer
        let peer = context.remoteAddress
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            let (handler, context) = loopBound.value
            if keepAlive { handler.armHeadDeadline(context: context) }
            onTransfer?(
                HTTPTransferEvent(
                    client: peer, fileName: name, method: request.method.rawValue,
                    status: response.status, bytes: 0, duration: .zero))
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    static func head(_ response: HTTPFileResponse, request: HTTPRequestHead, keepAlive: Bool) -> HTTPResponseHead {
        var headers = HTTPHeaders(response.headers)
        headers.add(name: "Server", value: "kiwi-ltsp")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        return HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: response.status),
            headers: headers)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
