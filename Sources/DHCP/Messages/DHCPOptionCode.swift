/// A DHCP option code (RFC 2132 and the PXE/iPXE extensions).
public struct DHCPOptionCode: RawRepresentable, Hashable, Sendable, Comparable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// RFC 2132 §3.1: one byte, no length.
    public static let pad = DHCPOptionCode(0)
    public static let subnetMask = DHCPOptionCode(1)
    public static let router = DHCPOptionCode(3)
    public static let domainNameServer = DHCPOptionCode(6)
    public static let hostName = DHCPOptionCode(12)
    public static let domainName = DHCPOptionCode(15)
    public static let broadcastAddress = DHCPOptionCode(28)
    /// RFC 2132 §8.4 and PXE 2.1 §2.4: vendor-specific information (PXE sub-options).
    public static let vendorSpecific = DHCPOptionCode(43)
    public static let requestedAddress = DHCPOptionCode(50)
    public static let leaseTime = DHCPOptionCode(51)
    /// RFC 2132 §9.3: the `file` and/or `sname` fields carry options.
    public static let overload = DHCPOptionCode(52)
    public static let messageType = DHCPOptionCode(53)
    public static let serverIdentifier = DHCPOptionCode(54)
    public static let parameterRequestList = DHCPOptionCode(55)
    public static let message = DHCPOptionCode(56)
    public static let maximumMessageSize = DHCPOptionCode(57)
    public static let renewalTime = DHCPOptionCode(58)
    public static let rebindingTime = DHCPOptionCode(59)
    public static let vendorClass = DHCPOptionCode(60)
    public static let clientIdentifier = DHCPOptionCode(61)
    public static let tftpServerName = DHCPOptionCode(66)
    public static let bootFileName = DHCPOptionCode(67)
    /// RFC 3004: user class; iPXE sends the bare text `iPXE`.
    public static let userClass = DHCPOptionCode(77)
    /// RFC 4578 §2.1: client system architecture.
    public static let clientArchitecture = DHCPOptionCode(93)
    /// RFC 4578 §2.2: client network interface identifier.
    public static let clientNetworkInterface = DHCPOptionCode(94)
    /// RFC 4578 §2.3: client machine identifier (UUID).
    public static let clientMachineIdentifier = DHCPOptionCode(97)
    /// iPXE's encapsulated options; its presence means the client is iPXE.
    public static let iPXEEncapsulated = DHCPOptionCode(175)
    /// RFC 2132 §3.2: end of options.
    public static let end = DHCPOptionCode(255)
}
