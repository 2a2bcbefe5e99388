import Foundation
import Testing
import TestSupport

/// Floods against the DHCP server of a real `kiwi-ltsp serve`, from a raw socket on the clients' segment.
@Suite(.serialized)
struct DHCPServeFloodTests {
    func flood(_ network: DHCPServeNetwork, _ arguments: [String]) throws -> Process {
        try network.startBackground(
            ["python3", network.rawClientPath, "flood", network.clientInterface] + arguments,
            in: network.client, output: network.scratch + "/flood.out")
    }

    /// The addresses serve has offered to the flood's random MACs (locally administered: 02:…) so far.
    func floodOffers(_ network: DHCPServeNetwork) -> Set<Substring> {
        Set(
            network.logLines(containing: "] offer ").filter { $0.contains(" to 02:") }
                .compactMap { $0.split(separator: " ").dropFirst(6).first })
    }

    func report(_ network: DHCPServeNetwork, _ process: Process) throws -> [String: Any] {
        try waitFor("the flood to end", timeout: 60) { hasExited(process) }
        let text = try String(contentsOfFile: network.scratch + "/flood.out", encoding: .utf8)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// Random bytes, truncated and garbled DISCOVERs, as fast as Python sends them (well over 100,000 a second
    /// here, more than the server reads: the kernel drops the rest): serve stays up and answers a real client
    /// right after. (The garbled DISCOVERs that parse hold half the pool in offers for 30 s, so the client is one
    /// that had its lease before: a new one would wait out the offer hold.)
    @Test func malformedDatagramsAtFullRateLeaveTheServerServing() throws {
        try DHCPServeNetwork.requireTools(["python3", "udhcpc", "nstat"])
        let network = try DHCPServeNetwork("dhcp-flood-garbage")
        try network.start()
        let address = try #require(field("ip", of: try DHCPServeClientTests.udhcpc(network)))
        let process = try flood(network, ["--seconds", "8"])
        let sent = try report(network, process)
        let counters = try DHCPServeNetwork.exec(
            network.server, ["nstat", "-az", "UdpInDatagrams", "UdpRcvbufErrors"],
            check: false
        ).stdout
        print("DHCP garbage flood: \(sent); server's UDP counters: \(counters.split(separator: "\n").dropFirst())")
        #expect((sent["sent"] as? Int ?? 0) > 100_000, "the flood was too small to mean anything: \(sent)")
        #expect(try #require(network.serve).isRunning, "serve survived: \(network.log.suffix(2000))")
        let after = try DHCPServeClientTests.udhcpc(network)
        #expect(field("ip", of: after) == address)
    }

    /// DISCOVERs from 4,096 random MACs, 5,000 a second, at a pool of eleven addresses: offers to new clients
    /// hold at most half the pool, so the client that already has its lease (a known client) keeps getting it
    /// during the flood.
    @Test func aKnownClientKeepsItsLeaseThroughADiscoverFlood() throws {
        try DHCPServeNetwork.requireTools(["python3", "udhcpc"])
        let network = try DHCPServeNetwork("dhcp-flood-discover")
        try network.start()
        let address = try #require(field("ip", of: try DHCPServeClientTests.udhcpc(network)))
        let process = try flood(network, ["--seconds", "10", "--discovers", "--rate", "5000"])
        try waitFor("the flood to hold half the pool in offers", timeout: 30) { floodOffers(network).count >= 5 }
        for _ in 0..<3 {
            let again = try DHCPServeClientTests.udhcpc(network)
            #expect(field("ip", of: again) == address, "the known client's lease during the flood")
        }
        let sent = try report(network, process)
        let offered = Set(
            network.logLines(containing: "] offer ").compactMap { $0.split(separator: " ").dropFirst(6).first })
        print("DHCP DISCOVER flood: \(sent); addresses offered: \(offered.sorted())")
        #expect(offered.count <= 6, "offers to new clients hold at most half the pool (5) besides the known address")
        #expect(try #require(network.serve).isRunning)
    }
}
