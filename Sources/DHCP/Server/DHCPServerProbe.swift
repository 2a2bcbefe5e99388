import Logging
import NIOCore
import NIOPosix
import NetworkValues
import Synchronization

/// Looks for other DHCP servers: one DHCPDISCOVER per interface from a random locally administered MAC and xid,
/// then the OFFERs that answer it within the listening time.
public struct DHCPServerProbe: Sendable {
    /// One OFFER seen.
    public struct Answer: Sendable, Hashable {
        public var interface: String?
        /// Option 54, else the sender's address.
        public var server: IPv4Address
        public var offeredAddress: IPv4Address
    }

    public var interfaces: [String]
    public var listenSeconds: Double
    public var serverPort: Int
    public var clientPort: Int

    public init(interfaces: [String], listenSeconds: Double = 1, serverPort: Int = 67, clientPort: Int = 68) {
        self.interfaces = interfaces
        self.listenSeconds = listenSeconds
        self.serverPort = serverPort
        self.clientPort = clientPort
    }

    public func run(eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> [Answer]
    {
        let transactionID = UInt32.random(in: 1...UInt32.max)
        var mac = (0..<6).map { _ in UInt8.random(in: 0...255) }
        mac[0] = mac[0] & 0xFC | 0x02  // locally administered, unicast
        let answers = AnswerList()
        var channels: [any Channel] = []
        defer { channels.forEach { $0.close(promise: nil) } }
        for interface in interfaces.isEmpty ? [nil] : interfaces.map(Optional.some) {
            let socket = try DHCPSocket.bound(port: clientPort, interface: interface)
            let channel = try await DatagramBootstrap(group: eventLoopGroup)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            OfferCollector(interface: interface, transactionID: transactionID, answers: answers))
                    }
                }
                .withBoundSocket(socket).get()
            channels.append(channel)
            var discover = DHCPMessage(
                operation: .bootRequest, transactionID: transactionID, flags: DHCPMessage.broadcastFlag,
                clientHardwareAddress: DHCPHardwareAddress(mac))
            discover.options.messageType = .discover
            discover.options[.parameterRequestList] = [1, 3, 6, 54]
            var buffer = channel.allocator.buffer(capacity: 300)
            buffer.writeDHCPMessage(discover)
            let destination = DHCPSocket.nioAddress(.broadcast(port: serverPort))
            try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: destination, data: buffer))
        }
        try await Task.sleep(for: .milliseconds(Int(listenSeconds * 1000)))
        return answers.list.withLock { $0 }
    }

    private final class AnswerList: Sendable {
        let list = Mutex<[Answer]>([])
    }

    private final class OfferCollector: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>

        let interface: String?
        let transactionID: UInt32
        let answers: AnswerList

        init(interface: String?, transactionID: UInt32, answers: AnswerList) {
            self.interface = interface
            self.transactionID = transactionID
            self.answers = answers
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            var buffer = envelope.data
            guard let message = try? buffer.readDHCPMessage(), message.operation == .bootReply,
                message.transactionID == transactionID, message.messageType == .offer
            else { return }
            let sender = DHCPSocket.source(of: envelope.remoteAddress)?.address ?? IPv4Address(0)
            let answer = Answer(
                interface: interface, server: message.options.serverIdentifier ?? sender,
                offeredAddress: message.yourAddress)
            answers.list.withLock { $0.append(answer) }
        }
    }
}
