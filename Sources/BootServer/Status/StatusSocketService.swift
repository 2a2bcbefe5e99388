#if canImport(Glibc)
    import SystemSupport
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Serves ``StatusSocket`` requests from the boot timeline while the server runs; removes the socket on exit.
///
/// The socket is bound in a fresh private directory (mode 0700, so nobody else can reach it whatever the umask),
/// set to 0600 and renamed into place: it is never reachable with looser permissions, and a stale socket of a
/// crashed server is replaced in one step.
final class StatusSocketService: Service, Sendable {
    let path: String
    private let document: @Sendable () -> BootStatusDocument
    private let logger: Logger

    init(path: String, logger: Logger, document: @escaping @Sendable () -> BootStatusDocument) {
        self.path = path
        self.logger = logger
        self.document = document
    }

    /// Makes the directory; refuses when another server answers on the socket; clears a stale one.
    func prepare() throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try TextFile.makeDirectories(directory)
        } catch {
            throw BootServerError.configuration("status socket: cannot create \(directory): \(error)")
        }
        switch StatusSocket.probe(path) {
        case .absent:
            break
        case .stale:
            logger.notice("replacing the stale status socket \(path) (a server that ended without removing it)")
        case .live:
            throw BootServerError.configuration(
                "another kiwi-ltsp serve is running with this root (it answers on \(path)); stop it first")
        case .notASocket:
            throw BootServerError.configuration("\(path) is in the way of the status socket and is not a socket")
        }
    }

    func run() async throws {
        let directory = try Self.makePrivateDirectory(next: path)
        let temporary = directory + "/socket"
        defer { rmdir(directory) }
        let document = self.document
        let logger = self.logger
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        StatusRequestHandler(document: document, logger: logger))
                }
            }
            .bind(unixDomainSocketPath: temporary).get()
        guard chmod(temporary, 0o600) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? await channel.close()
            unlink(temporary)
            throw BootServerError.configuration("status socket \(path): \(reason)")
        }
        rmdir(directory)
        var info = stat()
        let inode = lstat(path, &info) == 0 ? info.st_ino : 0
        logger.info("status socket \(path)")
        await withTaskCancellationOrGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            channel.close(promise: nil)
        }
        try? await channel.close()
        // Only our own socket: a server started after us with the same root may have put its own there.
        if lstat(path, &info) == 0, info.st_ino == inode { unlink(path) }
    }

    /// `mkdtemp(3)` beside `path`: a new directory of mode 0700.
    private static func makePrivateDirectory(next path: String) throws -> String {
        var template = Array("\(path).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            throw BootServerError.configuration(
                "status socket: cannot create a directory beside \(path): "
                    + String(cString: strerror(errno)))
        }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Reads one request line and answers it; then closes the connection.
final class StatusRequestHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private static let maxRequest = 1024
    private let document: @Sendable () -> BootStatusDocument
    private let logger: Logger
    private var request = ByteBuffer()
    private var answered = false

    init(document: @escaping @Sendable () -> BootStatusDocument, logger: Logger) {
        self.document = document
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        var bytes = unwrapInboundIn(data)
        request.writeBuffer(&bytes)
        guard let newline = request.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if request.readableBytes > Self.maxRequest { answer("error: request too long\n", context: context) }
            return
        }
        let line = String(decoding: request.readableBytesView[..<newline], as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        switch line {
        case StatusSocket.statusRequest:
            do {
                answer(String(decoding: try document().encoded(), as: UTF8.self) + "\n", context: context)
            } catch {
                logger.error("status: cannot encode the boot timeline: \(error)")
                answer("error: \(error)\n", context: context)
            }
        default:
            answer(
                "error: unknown request '\(line)'; the request is '\(StatusSocket.statusRequest)'\n",
                context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func answer(_ text: String, context: ChannelHandlerContext) {
        answered = true
        let buffer = context.channel.allocator.buffer(string: text)
        context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
