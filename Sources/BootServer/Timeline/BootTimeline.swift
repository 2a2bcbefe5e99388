/// Every client's boot stages, keyed by MAC: events in, per-client records out. No I/O, no clock.
///
/// DHCP events carry the MAC. TFTP and NBD see only the peer's IP address (neither protocol carries the MAC), so
/// the address is mapped to the MAC of the lease this server ACKed for it; an address this server did not lease
/// (proxy mode, a static client) keeps its own record under the address.
///
/// Memory is bounded: the `maxClients` most recently active clients and each one's last `maxEventsPerClient`
/// events are kept.
public struct BootTimeline: Sendable {
    public let maxClients: Int
    public let maxEventsPerClient: Int
    private var records: [String: BootClientRecord] = [:]
    private var macByAddress: [String: String] = [:]
    /// Increases with every event; orders clients by their last activity for eviction.
    private var sequence: UInt64 = 0
    private var lastActivity: [String: UInt64] = [:]

    public init(maxClients: Int = 256, maxEventsPerClient: Int = 64) {
        self.maxClients = max(1, maxClients)
        self.maxEventsPerClient = max(1, maxEventsPerClient)
    }

    /// Records a DHCP event of the client with this MAC (any case, `-` or `:`); an ACK (or INFORM) maps its address
    /// to the MAC for later TFTP and NBD events, a release removes the mapping. Returns the client's key.
    @discardableResult
    public mutating func record(_ event: BootEvent, mac: String) -> String {
        let key = Self.normalizedMAC(mac)
        if let address = event.address {
            switch event.stage {
            case .dhcpAck, .dhcpInform:
                macByAddress[address] = key
            case .dhcpRelease, .dhcpDecline:
                if macByAddress[address] == key { macByAddress[address] = nil }
            case .dhcpOffer, .dhcpNak, .proxyOffer, .proxyAck, .tftp, .http, .ltsConf, .nbdAttach, .nbdDetach,
                .aoeAttach:
                break
            }
        }
        append(event, to: key, mac: key)
        return key
    }

    /// Records a TFTP or NBD event from the client at `address`: under its MAC when this server leased the address,
    /// under the address otherwise. Returns the client's key.
    @discardableResult
    public mutating func record(_ event: BootEvent, from address: String) -> String {
        let mac = macByAddress[address]
        let key = mac ?? address
        append(event, to: key, mac: mac)
        return key
    }

    /// The MAC this server leased `address` to, if any.
    public func mac(for address: String) -> String? { macByAddress[address] }

    /// Every client, the one seen first first; ties by key.
    public var clients: [BootClientRecord] {
        records.values.sorted { ($0.firstSeen, $0.client) < ($1.firstSeen, $1.client) }
    }

    public func client(_ key: String) -> BootClientRecord? { records[key] }

    private mutating func append(_ event: BootEvent, to key: String, mac: String?) {
        sequence += 1
        lastActivity[key] = sequence
        var record = records[key] ?? BootClientRecord(client: key, mac: mac, firstSeen: event.time)
        if record.mac == nil { record.mac = mac }
        if let address = event.address, event.stage != .dhcpRelease, event.stage != .dhcpDecline {
            record.address = address
        }
        if let firmware = event.firmware { record.firmware = firmware }
        record.append(event, keepingAtMost: maxEventsPerClient)
        records[key] = record
        evictIfNeeded()
    }

    private mutating func evictIfNeeded() {
        while records.count > maxClients {
            guard let oldest = lastActivity.min(by: { $0.value < $1.value })?.key else { return }
            records[oldest] = nil
            lastActivity[oldest] = nil
            macByAddress = macByAddress.filter { $0.value != oldest }
        }
    }

    /// Lower-case, colon-separated: the form DHCP logs and reservations use.
    static func normalizedMAC(_ mac: String) -> String {
        mac.lowercased().replacingOccurrences(of: "-", with: ":")
    }
}
