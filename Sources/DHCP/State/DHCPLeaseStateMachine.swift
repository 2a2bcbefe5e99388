import NetworkValues

/// Address allocation and the server side of the RFC 2131 §4.3 client states, with time passed in and no I/O.
///
/// Each message gives a ``Decision``; the caller builds the reply and, for `.ack`, `.released` and `.declined`,
/// persists the lease record (before sending the ACK, so an ACKed lease is never lost).
///
/// Flood policy: a client the server does not know (no reservation, no lease on record, no offer of its own) gets
/// an offer only while fewer than half the pool's addresses are held by offers. A flood of DISCOVERs from random
/// MACs therefore holds at most half the pool, and only until ``Configuration/offerHoldSeconds`` after it stops;
/// known clients are answered throughout, with their own address or one from the other half.
public struct DHCPLeaseStateMachine: Sendable {
    public struct Configuration: Hashable, Sendable {
        public var network: IPv4Network
        public var serverAddress: IPv4Address
        public var pool: DHCPRange?
        public var reservations: [DHCPReservation]
        /// How long an offered address is held for the client (RFC 2131 §4.3.1 "SHOULD reserve").
        public var offerHoldSeconds: UInt64
        /// How long a declined address stays out of the pool (RFC 2131 §4.3.3).
        public var declineHoldSeconds: UInt64

        public init(
            network: IPv4Network, serverAddress: IPv4Address, pool: DHCPRange?, reservations: [DHCPReservation] = [],
            offerHoldSeconds: UInt64 = 30, declineHoldSeconds: UInt64 = 600
        ) {
            self.network = network
            self.serverAddress = serverAddress
            self.pool = pool
            self.reservations = reservations
            self.offerHoldSeconds = offerHoldSeconds
            self.declineHoldSeconds = declineHoldSeconds
        }
    }

    public enum Decision: Hashable, Sendable {
        /// DHCPOFFER of this address; `leaseSeconds` nil = infinite.
        case offer(IPv4Address, leaseSeconds: UInt32?)
        /// DHCPACK of this lease, to persist before it is sent.
        case ack(DHCPLease, leaseSeconds: UInt32?)
        /// DHCPNAK.
        case nak(reason: String)
        /// DHCPACK to DHCPINFORM: options only (RFC 2131 §4.3.5).
        case informAck
        /// Record to persist; no reply.
        case released(DHCPLease)
        /// Record to persist; no reply.
        case declined(DHCPLease)
        /// No reply.
        case ignore(reason: String)
    }

    private struct Offer: Sendable {
        var client: DHCPClientKey
        var until: UInt64
    }

    public let configuration: Configuration
    private var leases: [UInt32: DHCPLease] = [:]
    private var addressByClient: [DHCPClientKey: UInt32] = [:]
    private var offers: [UInt32: Offer] = [:]
    private var offerByClient: [DHCPClientKey: UInt32] = [:]
    private var reservationByMAC: [DHCPHardwareAddress: DHCPReservation] = [:]
    private var reservedAddresses: [UInt32: DHCPHardwareAddress] = [:]
    private var cursor: UInt32
    /// When expired offers were last swept out of `offers` (at most once a second, when the flood cap is reached).
    private var offersSweptAt: UInt64 = 0

    /// `leases` are the records recovered from the journal, oldest first; a later record for an address wins.
    public init(configuration: Configuration, leases recovered: [DHCPLease] = []) {
        self.configuration = configuration
        self.cursor = configuration.pool?.start.value ?? 0
        for reservation in configuration.reservations {
            guard let mac = DHCPHardwareAddress(reservation.mac) else { continue }
            reservationByMAC[mac] = reservation
            reservedAddresses[reservation.address.value] = mac
        }
        for lease in recovered { record(lease) }
    }

    /// Every known lease, for the journal snapshot.
    public var allLeases: [DHCPLease] { leases.values.sorted { $0.address < $1.address } }

    /// The number of addresses with a record.
    public var count: Int { leases.count }

    public func lease(for address: IPv4Address) -> DHCPLease? { leases[address.value] }

    public func reservation(for mac: DHCPHardwareAddress) -> DHCPReservation? { reservationByMAC[mac] }

    public mutating func handle(_ message: DHCPMessage, now: UInt64) -> Decision {
        guard let type = message.messageType else { return .ignore(reason: "no message type (BOOTP)") }
        let client = DHCPClientKey(
            hardwareAddress: message.clientHardwareAddress, clientIdentifier: message.options[.clientIdentifier])
        switch type {
        case .discover: return discover(message, client: client, now: now)
        case .request: return request(message, client: client, now: now)
        case .decline: return decline(message, client: client, now: now)
        case .release: return release(message, client: client, now: now)
        case .inform: return .informAck
        case .offer, .ack, .nak: return .ignore(reason: "\(type) is a server message")
        }
    }

    // MARK: - RFC 2131 §4.3.1 DHCPDISCOVER

    private mutating func discover(_ message: DHCPMessage, client: DHCPClientKey, now: UInt64) -> Decision {
        let mac = message.clientHardwareAddress
        guard isKnown(client, mac: mac) || admitsNewClient(now: now) else {
            return .ignore(reason: "half the pool is held by offers to new clients (DISCOVER flood?)")
        }
        guard
            let address = chooseAddress(client: client, mac: mac, requested: message.options.requestedAddress, now: now)
        else { return .ignore(reason: "no free address in the pool") }
        hold(address, for: client, until: now + configuration.offerHoldSeconds)
        return .offer(address, leaseSeconds: leaseSeconds)
    }

    /// A client with a reservation, a lease on record or an offer of its own.
    private func isKnown(_ client: DHCPClientKey, mac: DHCPHardwareAddress) -> Bool {
        reservationByMAC[mac] != nil || addressByClient[client] != nil || offerByClient[client] != nil
    }

    /// Whether offers hold fewer than half the pool (see the flood policy above).
    private mutating func admitsNewClient(now: UInt64) -> Bool {
        let limit = max(1, (configuration.pool?.size ?? 0) / 2)
        if offers.count < limit { return true }
        if now > offersSweptAt {
            offersSweptAt = now
            for (address, offer) in offers where offer.until <= now {
                offers[address] = nil
                if offerByClient[offer.client] == address { offerByClient[offer.client] = nil }
            }
        }
        return offers.count < limit
    }

    /// The client's reservation, its current or previous address, the address it asks for, then a free one.
    private mutating func chooseAddress(
        client: DHCPClientKey, mac: DHCPHardwareAddress, requested: IPv4Address?, now: UInt64
    ) -> IPv4Address? {
        if let reservation = reservationByMAC[mac], isUsable(reservation.address, client: client, mac: mac, now: now) {
            return reservation.address
        }
        if let previous = addressByClient[client], isUsable(IPv4Address(previous), client: client, mac: mac, now: now) {
            return IPv4Address(previous)
        }
        if let held = offerByClient[client], isUsable(IPv4Address(held), client: client, mac: mac, now: now) {
            return IPv4Address(held)
        }
        if let requested, isUsable(requested, client: client, mac: mac, now: now) {
            return requested
        }
        return freeAddress(client: client, mac: mac, now: now)
    }

    /// First an address never leased, scanning from a cursor; then the expired lease that ended longest ago.
    private mutating func freeAddress(client: DHCPClientKey, mac: DHCPHardwareAddress, now: UInt64) -> IPv4Address? {
        guard let pool = configuration.pool else { return nil }
        let size = UInt32(pool.size)
        for step in 0..<size {
            let value = pool.start.value + (cursor &- pool.start.value &+ step) % size
            if leases[value] == nil, isUsable(IPv4Address(value), client: client, mac: mac, now: now) {
                cursor = value == pool.end.value ? pool.start.value : value + 1
                return IPv4Address(value)
            }
        }
        let reusable = leases.values.filter { isUsable($0.address, client: client, mac: mac, now: now) }
        return reusable.min { ($0.expiry ?? .max, $0.address) < ($1.expiry ?? .max, $1.address) }?.address
    }

    /// Whether `address` may go to this client now.
    private func isUsable(_ address: IPv4Address, client: DHCPClientKey, mac: DHCPHardwareAddress, now: UInt64) -> Bool
    {
        let network = configuration.network
        guard network.contains(address), address != configuration.serverAddress,
            address != network.networkAddress || network.prefixLength >= 31,
            address != network.broadcastAddress || network.prefixLength >= 31
        else { return false }
        if let owner = reservedAddresses[address.value] {
            guard owner == mac else { return false }
        } else {
            guard let pool = configuration.pool, pool.start <= address, address <= pool.end else { return false }
        }
        if let lease = leases[address.value], lease.isActive(at: now) {
            guard lease.state == .bound, lease.clientKey == client else { return false }
        }
        if let offer = offers[address.value], offer.until > now, offer.client != client {
            return false
        }
        return true
    }

    private var leaseSeconds: UInt32? {
        guard let pool = configuration.pool else { return DHCPRange.defaultLeaseSeconds }
        return pool.leaseSeconds
    }

    private mutating func hold(_ address: IPv4Address, for client: DHCPClientKey, until: UInt64) {
        dropOffer(of: client)
        if let other = offers[address.value]?.client { offerByClient[other] = nil }
        offers[address.value] = Offer(client: client, until: until)
        offerByClient[client] = address.value
    }

    private mutating func dropOffer(of client: DHCPClientKey) {
        guard let address = offerByClient.removeValue(forKey: client) else { return }
        if offers[address]?.client == client { offers[address] = nil }
    }

    // MARK: - RFC 2131 §4.3.2 DHCPREQUEST

    private mutating func request(_ message: DHCPMessage, client: DHCPClientKey, now: UInt64) -> Decision {
        let requested = message.options.requestedAddress
        let ciaddr = message.clientAddress
        if let serverID = message.options.serverIdentifier {
            // SELECTING: the client chose a server; if not us, forget our offer.
            guard serverID == configuration.serverAddress else {
                dropOffer(of: client)
                return .ignore(reason: "client selected server \(serverID)")
            }
            guard let address = requested ?? (ciaddr.value != 0 ? ciaddr : nil) else {
                return .nak(reason: "selecting without a requested address")
            }
            return commit(address, message: message, client: client, now: now)
        }
        if let requested, ciaddr.value == 0 {
            // INIT-REBOOT: the client checks the address it remembers.
            guard configuration.network.contains(requested) else {
                return .nak(reason: "\(requested) is not on network \(configuration.network)")
            }
            return commit(requested, message: message, client: client, now: now)
        }
        guard ciaddr.value != 0 else { return .ignore(reason: "request names no address") }
        // RENEWING (unicast) or REBINDING (broadcast): extend the lease on ciaddr.
        guard configuration.network.contains(ciaddr) else {
            return .nak(reason: "\(ciaddr) is not on network \(configuration.network)")
        }
        return commit(ciaddr, message: message, client: client, now: now)
    }

    private mutating func commit(
        _ address: IPv4Address, message: DHCPMessage, client: DHCPClientKey, now: UInt64
    ) -> Decision {
        let mac = message.clientHardwareAddress
        guard isUsable(address, client: client, mac: mac, now: now) else {
            return .nak(reason: "\(address) is not available to \(mac)")
        }
        let seconds = leaseSeconds
        let lease = DHCPLease(
            address: address, hardwareAddress: mac, clientIdentifier: message.options[.clientIdentifier],
            expiry: seconds.map { now + UInt64($0) }, state: .bound)
        dropOffer(of: client)
        offers[address.value] = nil
        record(lease)
        return .ack(lease, leaseSeconds: seconds)
    }

    // MARK: - RFC 2131 §4.3.3 DHCPDECLINE and §4.3.4 DHCPRELEASE

    private mutating func decline(_ message: DHCPMessage, client: DHCPClientKey, now: UInt64) -> Decision {
        guard message.options.serverIdentifier == nil || message.options.serverIdentifier == configuration.serverAddress
        else { return .ignore(reason: "decline for another server") }
        guard let address = message.options.requestedAddress, configuration.network.contains(address) else {
            return .ignore(reason: "decline names no address of ours")
        }
        let lease = DHCPLease(
            address: address, hardwareAddress: message.clientHardwareAddress,
            clientIdentifier: message.options[.clientIdentifier], expiry: now + configuration.declineHoldSeconds,
            state: .declined)
        if let other = offers.removeValue(forKey: address.value)?.client { offerByClient[other] = nil }
        record(lease)
        return .declined(lease)
    }

    private mutating func release(_ message: DHCPMessage, client: DHCPClientKey, now: UInt64) -> Decision {
        let address = message.clientAddress
        guard var lease = leases[address.value], lease.state == .bound, lease.clientKey == client else {
            return .ignore(reason: "release of \(address), which this client does not hold")
        }
        lease.state = .released
        lease.expiry = now
        record(lease)
        return .released(lease)
    }

    /// Makes `lease` the record for its address and its client.
    private mutating func record(_ lease: DHCPLease) {
        if let previous = leases[lease.address.value], previous.clientKey != lease.clientKey,
            addressByClient[previous.clientKey] == lease.address.value
        {
            addressByClient[previous.clientKey] = nil
        }
        leases[lease.address.value] = lease
        switch lease.state {
        case .bound, .released: addressByClient[lease.clientKey] = lease.address.value
        case .declined:
            if addressByClient[lease.clientKey] == lease.address.value { addressByClient[lease.clientKey] = nil }
        }
    }
}
