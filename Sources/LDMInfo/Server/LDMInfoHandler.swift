import LDMInfoWire
import NIOCore

/// One connection: the reply goes out as soon as the peer is connected and the connection is closed once it is
/// written. Nothing the peer sends is read. A peer that does not take the reply is cut off after the timeout.
final class LDMInfoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let reply: @Sendable () -> LDMInfo
    private let timeout: TimeAmount
    private let onReply: (@Sendable (SocketAddress?) -> Void)?

    init(
        reply: @escaping @Sendable () -> LDMInfo, timeout: TimeAmount,
        onReply: (@Sendable (SocketAddress?) -> Void)?
    ) {
        self.reply = reply
        self.timeout = timeout
        self.onReply = onReply
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        let deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        channel.closeFuture.whenComplete { _ in deadline.cancel() }
        let buffer = context.channel.allocator.buffer(string: reply().text)
        onReply?(context.remoteAddress)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
