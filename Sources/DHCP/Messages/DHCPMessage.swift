import NetworkValues

/// A DHCPv4 message (RFC 2131 §2, figure 1): the fixed BOOTP header and the options.
///
/// `serverName` and `bootFileName` are the raw `sname` (64 bytes) and `file` (128 bytes) fields without their NUL
/// padding. When option 52 overloads them, decoding moves their options into ``options`` and leaves them empty.
public struct DHCPMessage: Hashable, Sendable {
    /// RFC 2131 §2: `op`.
    public enum Operation: UInt8, Sendable, Hashable {
        case bootRequest = 1
        case bootReply = 2
    }

    /// RFC 2131 §2: the leftmost bit of `flags` asks for a broadcast reply.
    public static let broadcastFlag: UInt16 = 0x8000
    /// RFC 2131 §3: the four octets 99.130.83.99 that start the options.
    public static let magicCookie: [UInt8] = [99, 130, 83, 99]

    public var operation: Operation
    public var hardwareType: UInt8
    public var hops: UInt8
    public var transactionID: UInt32
    public var seconds: UInt16
    public var flags: UInt16
    /// `ciaddr`: the client's address when it already has one (BOUND, RENEWING, REBINDING, INFORM).
    public var clientAddress: IPv4Address
    /// `yiaddr`: the address the server gives.
    public var yourAddress: IPv4Address
    /// `siaddr`: the next server in bootstrap (our TFTP server).
    public var serverAddress: IPv4Address
    /// `giaddr`: the relay agent; not zero for relayed messages.
    public var relayAddress: IPv4Address
    /// The `hlen` significant bytes of `chaddr`.
    public var clientHardwareAddress: DHCPHardwareAddress
    public var serverName: [UInt8]
    public var bootFileName: [UInt8]
    public var options: DHCPOptions

    public init(
        operation: Operation,
        hardwareType: UInt8 = 1,
        hops: UInt8 = 0,
        transactionID: UInt32,
        seconds: UInt16 = 0,
        flags: UInt16 = 0,
        clientAddress: IPv4Address = IPv4Address(0),
        yourAddress: IPv4Address = IPv4Address(0),
        serverAddress: IPv4Address = IPv4Address(0),
        relayAddress: IPv4Address = IPv4Address(0),
        clientHardwareAddress: DHCPHardwareAddress,
        serverName: [UInt8] = [],
        bootFileName: [UInt8] = [],
        options: DHCPOptions = DHCPOptions()
    ) {
        self.operation = operation
        self.hardwareType = hardwareType
        self.hops = hops
        self.transactionID = transactionID
        self.seconds = seconds
        self.flags = flags
        self.clientAddress = clientAddress
        self.yourAddress = yourAddress
        self.serverAddress = serverAddress
        self.relayAddress = relayAddress
        self.clientHardwareAddress = clientHardwareAddress
        self.serverName = serverName
        self.bootFileName = bootFileName
        self.options = options
    }

    public var messageType: DHCPMessageType? { options.messageType }
    public var wantsBroadcast: Bool { flags & Self.broadcastFlag != 0 }
    public var isRelayed: Bool { relayAddress.value != 0 }

    public var bootFileText: String { String(decoding: bootFileName, as: UTF8.self) }
    public var serverNameText: String { String(decoding: serverName, as: UTF8.self) }
}
