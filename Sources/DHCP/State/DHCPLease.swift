import NetworkValues

/// What the server knows about one address: who has (or had) it, and until when.
///
/// A released or expired lease is kept so the same client gets the same address back (RFC 2131 §4.3.1: "the client's
/// previous address as recorded in the client's binding").
public struct DHCPLease: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        /// ACKed; valid until `expiry`.
        case bound
        /// The client gave it back (RFC 2131 §4.3.4); remembered for the client.
        case released
        /// A client found it in use (RFC 2131 §4.3.3); not handed out until `expiry`.
        case declined
    }

    public var address: IPv4Address
    public var hardwareAddress: DHCPHardwareAddress
    /// Option 61, when the client sent one (RFC 2132 §9.14).
    public var clientIdentifier: [UInt8]?
    /// Unix seconds; `nil` means infinite.
    public var expiry: UInt64?
    public var state: State

    public init(
        address: IPv4Address, hardwareAddress: DHCPHardwareAddress, clientIdentifier: [UInt8]?, expiry: UInt64?,
        state: State
    ) {
        self.address = address
        self.hardwareAddress = hardwareAddress
        self.clientIdentifier = clientIdentifier
        self.expiry = expiry
        self.state = state
    }

    var clientKey: DHCPClientKey { DHCPClientKey(hardwareAddress: hardwareAddress, clientIdentifier: clientIdentifier) }

    /// True while the address may not go to anyone else.
    func isActive(at now: UInt64) -> Bool {
        switch state {
        case .bound, .declined: return expiry.map { $0 > now } ?? true
        case .released: return false
        }
    }
}

/// RFC 2131 §4.2: a client is identified by option 61 when present, else by `chaddr`.
///
/// A client identifier of type 1 (Ethernet, RFC 2132 §9.14 / RFC 1700 hardware type) whose bytes are `chaddr` names
/// the same machine as `chaddr` alone: PXE firmware and the operating system's DHCP client of one machine often differ
/// only in whether they send option 61 (udhcpc sends `01`+MAC, dhclient sends none), and both must get one address.
struct DHCPClientKey: Hashable, Sendable {
    var bytes: [UInt8]

    init(hardwareAddress: DHCPHardwareAddress, clientIdentifier: [UInt8]?) {
        if let clientIdentifier, !clientIdentifier.isEmpty,
            !Self.isHardwareAddress(clientIdentifier, hardwareAddress)
        {
            bytes = [1] + clientIdentifier
        } else {
            bytes = [0] + hardwareAddress.bytes
        }
    }

    /// Type 1 followed by exactly the bytes of `chaddr`.
    private static func isHardwareAddress(_ identifier: [UInt8], _ hardwareAddress: DHCPHardwareAddress) -> Bool {
        identifier.count == hardwareAddress.bytes.count + 1 && identifier.first == 1
            && identifier.dropFirst().elementsEqual(hardwareAddress.bytes)
    }
}
