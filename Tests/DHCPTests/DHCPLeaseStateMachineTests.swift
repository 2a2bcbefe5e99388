import DHCP
import Foundation
import NetworkValues
import Testing

@Suite struct DHCPLeaseStateMachineTests {
    static let server = ip("192.168.67.1")
    static let network = IPv4Network(address: server, prefixLength: 24)

    static func machine(
        pool: String = "192.168.67.1,192.168.67.12,1h", reservations: [DHCPReservation] = [],
        leases: [DHCPLease] = []
    ) -> DHCPLeaseStateMachine {
        let range = try? DHCPRange.parse(pool).get()
        return DHCPLeaseStateMachine(
            configuration: .init(network: network, serverAddress: server, pool: range, reservations: reservations),
            leases: leases)
    }

    /// DISCOVER/OFFER then REQUEST in SELECTING; returns the ACKed address.
    static func dora(_ machine: inout DHCPLeaseStateMachine, mac: String, now: UInt64 = 1000) -> IPv4Address? {
        guard case .offer(let offered, _) = machine.handle(clientMessage(.discover, mac: mac), now: now) else {
            return nil
        }
        let request = clientMessage(.request, mac: mac, requested: "\(offered)", serverID: "192.168.67.1")
        guard case .ack(let lease, _) = machine.handle(request, now: now) else { return nil }
        return lease.address
    }

    @Test func offersSkipTheServerAddressAndAcksTheSelection() {
        var machine = Self.machine()
        let decision = machine.handle(clientMessage(.discover), now: 1000)
        #expect(decision == .offer(ip("192.168.67.2"), leaseSeconds: 3600))
        let request = clientMessage(.request, requested: "192.168.67.2", serverID: "192.168.67.1")
        guard case .ack(let lease, let seconds) = machine.handle(request, now: 1001) else {
            Issue.record("no ACK")
            return
        }
        #expect(lease.address == ip("192.168.67.2") && lease.expiry == 4601 && seconds == 3600 && lease.state == .bound)
    }

    @Test func selectingAnotherServerDropsOurOffer() {
        var machine = Self.machine()
        _ = machine.handle(clientMessage(.discover, mac: "52:54:00:00:00:01"), now: 1000)
        let other = clientMessage(.request, mac: "52:54:00:00:00:01", requested: "10.0.0.5", serverID: "10.0.0.1")
        #expect(machine.handle(other, now: 1000) == .ignore(reason: "client selected server 10.0.0.1"))
        let taker = clientMessage(.request, mac: "52:54:00:00:00:02", requested: "192.168.67.2")
        guard case .ack = machine.handle(taker, now: 1000) else {
            Issue.record("the dropped offer still holds the address")
            return
        }
    }

    @Test func offeredAddressIsHeldThenReleasedAfterHold() {
        var machine = Self.machine()
        _ = machine.handle(clientMessage(.discover, mac: "52:54:00:00:00:01"), now: 1000)
        #expect(
            machine.handle(clientMessage(.discover, mac: "52:54:00:00:00:02"), now: 1010)
                == .offer(ip("192.168.67.3"), leaseSeconds: 3600))
        // The hold (30 s) of both is over; the cursor moves on, but the first address is free again for others.
        let late = clientMessage(
            .request, mac: "52:54:00:00:00:03", requested: "192.168.67.2", serverID: "192.168.67.1")
        #expect(machine.handle(late, now: 1031) != .nak(reason: "192.168.67.2 is not available to 52:54:00:00:00:03"))
        let early = clientMessage(
            .request, mac: "52:54:00:00:00:04", requested: "192.168.67.3", serverID: "192.168.67.1")
        #expect(machine.handle(early, now: 1020) == .nak(reason: "192.168.67.3 is not available to 52:54:00:00:00:04"))
    }

    @Test func sameClientGetsSameAddressAgain() {
        var machine = Self.machine()
        let first = Self.dora(&machine, mac: "52:54:00:00:00:01")
        _ = Self.dora(&machine, mac: "52:54:00:00:00:02")
        #expect(Self.dora(&machine, mac: "52:54:00:00:00:01", now: 2000) == first)
        // By client identifier (option 61) when present, across a MAC change.
        let withID = clientMessage(.discover, mac: "52:54:00:00:00:09", options: [(.clientIdentifier, [1, 9, 9])])
        guard case .offer(let address, _) = machine.handle(withID, now: 2000) else { return }
        let ackRequest = clientMessage(
            .request, mac: "52:54:00:00:00:09", requested: "\(address)",
            serverID: "192.168.67.1", options: [(.clientIdentifier, [1, 9, 9])])
        _ = machine.handle(ackRequest, now: 2000)
        let otherMAC = clientMessage(.discover, mac: "52:54:00:00:00:0a", options: [(.clientIdentifier, [1, 9, 9])])
        #expect(machine.handle(otherMAC, now: 2001) == .offer(address, leaseSeconds: 3600))
    }

    /// PXE firmware or udhcpc (option 61 = 01 + MAC) and dhclient (no option 61) on one machine: one client, one
    /// address, in either order, and a release by one form frees the lease of the other.
    @Test(arguments: [true, false])
    func clientIdentifierOfTheMACIsTheSameClientAsTheBareMAC(identifierFirst: Bool) {
        var machine = Self.machine()
        let mac = "52:54:00:00:00:01"
        let macID: [(DHCPOptionCode, [UInt8])] = [(.clientIdentifier, [1, 0x52, 0x54, 0, 0, 0, 1])]
        func dora(_ options: [(DHCPOptionCode, [UInt8])], now: UInt64) -> IPv4Address? {
            guard
                case .offer(let offered, _) = machine.handle(
                    clientMessage(.discover, mac: mac, options: options),
                    now: now)
            else { return nil }
            let request = clientMessage(
                .request, mac: mac, requested: "\(offered)", serverID: "192.168.67.1",
                options: options)
            guard case .ack(let lease, _) = machine.handle(request, now: now) else { return nil }
            return lease.address
        }
        let first = dora(identifierFirst ? macID : [], now: 1000)
        let second = dora(identifierFirst ? [] : macID, now: 1001)
        #expect(first != nil && first == second)
        // Still one client after a restart from the journal.
        var restarted = Self.machine(leases: machine.allLeases)
        let reboot = clientMessage(
            .request, mac: mac, requested: "\(first ?? ip("0.0.0.0"))",
            options: identifierFirst ? [] : macID)
        guard case .ack = restarted.handle(reboot, now: 1002) else {
            Issue.record("init-reboot of the other form after a restart not ACKed")
            return
        }
        // A type-1 identifier that is not this MAC, or another type, stays a different client.
        let other = clientMessage(.discover, mac: mac, options: [(.clientIdentifier, [0, 0x52, 0x54, 0, 0, 0, 1])])
        guard case .offer(let otherAddress, _) = restarted.handle(other, now: 1003) else {
            Issue.record("no offer to the other client")
            return
        }
        #expect(otherAddress != first)
        let release = clientMessage(
            .release, mac: mac, ciaddr: "\(first ?? ip("0.0.0.0"))",
            options: identifierFirst ? macID : [])
        guard case .released = restarted.handle(release, now: 1004) else {
            Issue.record("release by the other form was ignored")
            return
        }
    }

    @Test func initRebootAcksOwnAddressAndNaksOthers() {
        var machine = Self.machine()
        let address = Self.dora(&machine, mac: "52:54:00:00:00:01")
        _ = Self.dora(&machine, mac: "52:54:00:00:00:02")
        let reboot = clientMessage(.request, mac: "52:54:00:00:00:01", requested: "\(address!)")
        guard case .ack = machine.handle(reboot, now: 1100) else {
            Issue.record("init-reboot not ACKed")
            return
        }
        let wrongNetwork = clientMessage(.request, mac: "52:54:00:00:00:01", requested: "10.1.1.1")
        #expect(machine.handle(wrongNetwork, now: 1100) == .nak(reason: "10.1.1.1 is not on network 192.168.67.1/24"))
        let taken = clientMessage(.request, mac: "52:54:00:00:00:01", requested: "192.168.67.3")
        #expect(machine.handle(taken, now: 1100) == .nak(reason: "192.168.67.3 is not available to 52:54:00:00:00:01"))
    }

    @Test func renewingAndRebindingExtendTheLease() {
        var machine = Self.machine()
        let address = Self.dora(&machine, mac: "52:54:00:00:00:01")!
        let renew = clientMessage(.request, mac: "52:54:00:00:00:01", ciaddr: "\(address)")
        guard case .ack(let lease, _) = machine.handle(renew, now: 2800) else {
            Issue.record("renew not ACKed")
            return
        }
        #expect(lease.expiry == 6400)
        let outside = clientMessage(.request, mac: "52:54:00:00:00:01", ciaddr: "172.16.0.9")
        #expect(machine.handle(outside, now: 2800) == .nak(reason: "172.16.0.9 is not on network 192.168.67.1/24"))
        let stranger = clientMessage(.request, mac: "52:54:00:00:00:07", ciaddr: "\(address)")
        #expect(machine.handle(stranger, now: 2800) == .nak(reason: "\(address) is not available to 52:54:00:00:00:07"))
    }

    @Test func declineKeepsTheAddressOutForAWhile() {
        var machine = Self.machine()
        let address = Self.dora(&machine, mac: "52:54:00:00:00:01")!
        let decline = clientMessage(
            .decline, mac: "52:54:00:00:00:01", requested: "\(address)", serverID: "192.168.67.1")
        guard case .declined(let record) = machine.handle(decline, now: 1001) else {
            Issue.record("no decline record")
            return
        }
        #expect(record.state == .declined && record.expiry == 1601)
        #expect(
            machine.handle(clientMessage(.discover, mac: "52:54:00:00:00:01"), now: 1002)
                == .offer(ip("192.168.67.3"), leaseSeconds: 3600))
        let retry = clientMessage(.request, mac: "52:54:00:00:00:05", requested: "\(address)")
        #expect(machine.handle(retry, now: 1002) == .nak(reason: "\(address) is not available to 52:54:00:00:00:05"))
        guard case .ack = machine.handle(retry, now: 1700) else {
            Issue.record("declined address not reusable after the hold")
            return
        }
    }

    @Test func releaseFreesTheAddressButRemembersTheClient() {
        var machine = Self.machine()
        let address = Self.dora(&machine, mac: "52:54:00:00:00:01")!
        let release = clientMessage(.release, mac: "52:54:00:00:00:01", ciaddr: "\(address)", serverID: "192.168.67.1")
        guard case .released(let record) = machine.handle(release, now: 1500) else {
            Issue.record("release ignored")
            return
        }
        #expect(record.state == .released)
        let foreign = clientMessage(.release, mac: "52:54:00:00:00:02", ciaddr: "\(address)")
        #expect(
            machine.handle(foreign, now: 1500)
                == .ignore(reason: "release of \(address), which this client does not hold"))
        #expect(Self.dora(&machine, mac: "52:54:00:00:00:01", now: 1600) == address)
    }

    @Test func informIsAnsweredWithoutALease() {
        var machine = Self.machine()
        #expect(machine.handle(clientMessage(.inform, ciaddr: "192.168.67.200"), now: 1) == .informAck)
        #expect(machine.count == 0)
    }

    @Test func reservationsGoOnlyToTheirMAC() {
        let reservation = DHCPReservation(mac: "52:54:00:AA:00:01", address: ip("192.168.67.2"), hostname: "lab01")
        var machine = Self.machine(reservations: [reservation])
        #expect(Self.dora(&machine, mac: "52:54:00:00:00:01") == ip("192.168.67.3"))
        #expect(Self.dora(&machine, mac: "52:54:00:aa:00:01") == ip("192.168.67.2"))
        let steal = clientMessage(.request, mac: "52:54:00:00:00:01", requested: "192.168.67.2")
        #expect(machine.handle(steal, now: 1000) == .nak(reason: "192.168.67.2 is not available to 52:54:00:00:00:01"))
        // A reservation outside the pool is fine.
        let outside = DHCPReservation(mac: "52:54:00:aa:00:02", address: ip("192.168.67.100"))
        var other = Self.machine(reservations: [outside])
        #expect(Self.dora(&other, mac: "52:54:00:aa:00:02") == ip("192.168.67.100"))
    }

    @Test func exhaustionThenExpiryReuse() {
        var machine = Self.machine(pool: "192.168.67.10,192.168.67.12,2m")
        let addresses = (1...3).map { Self.dora(&machine, mac: "52:54:00:00:00:0\($0)") }
        #expect(addresses == [ip("192.168.67.10"), ip("192.168.67.11"), ip("192.168.67.12")])
        #expect(
            machine.handle(clientMessage(.discover, mac: "52:54:00:00:00:04"), now: 1050)
                == .ignore(reason: "no free address in the pool"))
        // All three leases end at 1120; the oldest-expired address goes to the newcomer.
        #expect(Self.dora(&machine, mac: "52:54:00:00:00:04", now: 1200) == ip("192.168.67.10"))
    }

    @Test func infiniteLeaseHasNoExpiry() {
        var machine = Self.machine(pool: "192.168.67.10,192.168.67.12,infinite")
        _ = Self.dora(&machine, mac: "52:54:00:00:00:01")
        #expect(machine.lease(for: ip("192.168.67.10"))?.expiry == nil)
        #expect(
            machine.handle(clientMessage(.discover, mac: "52:54:00:00:00:02"), now: 1000)
                == .offer(ip("192.168.67.11"), leaseSeconds: nil))
    }

    @Test func recoveredLeasesAreHonoured() {
        let lease = DHCPLease(
            address: ip("192.168.67.7"), hardwareAddress: DHCPHardwareAddress("52:54:00:00:00:01")!,
            clientIdentifier: nil, expiry: 5000, state: .bound)
        var machine = Self.machine(leases: [lease])
        #expect(Self.dora(&machine, mac: "52:54:00:00:00:01") == ip("192.168.67.7"))
        let steal = clientMessage(.request, mac: "52:54:00:00:00:02", requested: "192.168.67.7")
        #expect(machine.handle(steal, now: 1000) == .nak(reason: "192.168.67.7 is not available to 52:54:00:00:00:02"))
    }

    /// The flood policy: DISCOVERs from new MACs hold at most half the pool; known clients are answered throughout,
    /// and new clients again once the holds run out.
    @Test func discoverFloodHoldsAtMostHalfThePool() {
        // A pool of 20 (.21–.40); a known client leased .25 earlier, and it has expired.
        let known = DHCPLease(
            address: ip("192.168.67.25"), hardwareAddress: DHCPHardwareAddress("52:54:00:aa:00:01")!,
            clientIdentifier: nil, expiry: 900, state: .bound)
        var machine = Self.machine(pool: "192.168.67.21,192.168.67.40,1h", leases: [known])
        var offers = 0
        for index in 0..<500 {
            let mac = String(format: "02:00:00:00:%02x:%02x", index >> 8, index & 0xFF)
            if case .offer = machine.handle(clientMessage(.discover, mac: mac), now: 1000) { offers += 1 }
        }
        #expect(offers == 10)
        // The known client still gets its own address and completes a lease.
        #expect(Self.dora(&machine, mac: "52:54:00:aa:00:01", now: 1001) == ip("192.168.67.25"))
        // A new client is turned away while the holds last, and served once they have run out.
        let late = clientMessage(.discover, mac: "52:54:00:bb:00:01")
        guard case .ignore = machine.handle(late, now: 1029) else {
            Issue.record("a new client got an offer with half the pool held")
            return
        }
        guard case .offer = machine.handle(late, now: 1031) else {
            Issue.record("no offer after the holds ran out")
            return
        }
    }
}
