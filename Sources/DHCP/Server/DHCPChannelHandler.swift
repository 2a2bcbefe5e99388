import NIOCore

/// Hands each datagram of one socket to the engine; nothing else.
final class DHCPChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let engine: DHCPServerEngine
    private let localPort: Int

    init(engine: DHCPServerEngine, localPort: Int) {
        self.engine = engine
        self.localPort = localPort
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        engine.receive(unwrapInboundIn(data), on: context.channel, localPort: localPort)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket reports ICMP errors of earlier sends here; they do not end the server.
    }
}
