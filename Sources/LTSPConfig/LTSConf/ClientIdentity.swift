import NetworkValues

/// Who a client is for lts.conf: hostname, IPv4 address and MAC, matched in that order.
public struct ClientIdentity: Equatable, Sendable {
    public var hostname: String?
    public var ipAddress: IPv4Address?
    /// Prefix length of the client network, for the default HOSTNAME (`ltsp` + host part of the address).
    public var prefixLength: Int?
    /// Lower-case `aa:bb:cc:dd:ee:ff`.
    public var mac: String?

    public init(hostname: String? = nil, ipAddress: IPv4Address? = nil, prefixLength: Int? = nil, mac: String? = nil) {
        self.hostname = hostname
        self.ipAddress = ipAddress
        self.prefixLength = prefixLength
        self.mac = mac.flatMap(NetworkNames.normalizedMAC)
    }

    /// Reads a MAC (`aa:bb:..`, `AA-BB-..`), an IPv4 address, or else a hostname.
    public init(parsing text: String) {
        if let mac = NetworkNames.normalizedMAC(text) {
            self.init(mac: mac)
        } else if let ip = IPv4Address(text) {
            self.init(ipAddress: ip)
        } else {
            self.init(hostname: text)
        }
    }

    /// The identities in matching order.
    public var names: [String] {
        [hostname, ipAddress?.description, mac].compactMap { $0 }
    }

    /// `ltsp` + the host part of the address (LTSP's default HOSTNAME).
    public var defaultHostname: String? {
        guard let ip = ipAddress else { return nil }
        let bits = prefixLength ?? 24
        let host = bits >= 32 ? ip.value : ip.value & ~(bits == 0 ? 0 : UInt32.max << UInt32(32 - bits))
        return "ltsp\(host)"
    }
}
