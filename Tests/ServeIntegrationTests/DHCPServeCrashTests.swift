import Foundation
import Testing
import TestSupport

/// A lease that was ACKed is never lost: `kiwi-ltsp serve` is killed with SIGKILL while thousands of clients are
/// mid-DORA, then restarted on the same root.
@Suite(.serialized) struct DHCPServeCrashTests {
    /// The raw client plays 20,000 clients (distinct `chaddr`), 128 exchanges in flight, and writes each ACK it
    /// receives (MAC, address) to a file as it arrives. Serve gets SIGKILL once 1,500 ACKs are in. After the restart
    /// every ACKed client asks for its address in INIT-REBOOT (RFC 2131 §4.3.2) and must get ACK, not NAK; and 500
    /// new MACs are offered none of those addresses (the allocator starts from the bottom of the pool again, exactly
    /// where the lost leases would be).
    @Test func everyAckedLeaseSurvivesSIGKILLUnderLoad() throws {
        guard try DHCPServeNetwork.toolsPresent(["python3"]) else { return }
        let network = try DHCPServeNetwork(
            "dhcp-crash",
            settings: DHCPServeNetwork.settings(
                ["SERVER_IP": "10.67.0.1", "DHCP_RANGE": "10.67.1.0,10.67.255.254,1h", "DNS_SERVERS": "10.67.0.1"]),
            serverCIDR: "10.67.0.1/16")
        try network.start()
        let acked = network.scratch + "/acked"
        let load = try network.startBackground(
            ["python3", network.rawClientPath, "load", network.clientInterface, "--count", "20000", "--window", "128",
             "--acked", acked, "--retries", "1", "--timeout", "1"],
            in: network.client, output: network.scratch + "/load.out")
        func ackedLines() -> [Substring] {
            ((try? String(contentsOfFile: acked, encoding: .utf8)) ?? "").split(separator: "\n")
        }
        try waitFor("1,500 ACKs", timeout: 40) { ackedLines().count >= 1500 }
        network.killServe()
        // ACKs already on the wire still arrive; then the client stops. Each ACK line was written as it came.
        usleep(1_500_000)
        kill(load.processIdentifier, SIGTERM)
        try waitFor("the load client to stop", timeout: 10) { hasExited(load) }
        let ackedCount = ackedLines().count
        #expect(ackedCount < 20000, "the server died mid-load")

        try network.start()
        #expect(network.logLines(containing: "recovered").first.map { !$0.contains("recovered 0 ") } == true)
        let verdict = try #require(try network.raw(
            ["verify", network.clientInterface, "--acked", acked, "--new", "500", "--window", "128"]).first)
        #expect(verdict["acked"] as? Int == ackedCount)
        #expect(verdict["ack"] as? Int == ackedCount, "every ACKed lease ACKed again: \(verdict)")
        #expect((verdict["nak"] as? [Any])?.isEmpty == true)
        #expect((verdict["unanswered"] as? [Any])?.isEmpty == true)
        let ackedAddresses = Set(ackedLines().compactMap { $0.split(separator: " ").last.map(String.init) })
        let newOffers = verdict["new_offers"] as? [String] ?? []
        #expect(newOffers.count == 500)
        #expect(Set(newOffers).isDisjoint(with: ackedAddresses), "a new client was offered an ACKed address")
    }
}
