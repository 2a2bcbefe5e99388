import Foundation
import Testing
import TestSupport

/// A lease that was ACKed is never lost: `kiwi-ltsp serve` is killed with SIGKILL while thousands of clients are
/// mid-DORA, then restarted on the same root.
@Suite(.serialized) struct DHCPServeCrashTests {
    /// A /16 pool, room for 20,000 clients.
    static func network(_ label: String) throws -> DHCPServeNetwork {
        try DHCPServeNetwork(
            label,
            settings: DHCPServeNetwork.settings(
                ["SERVER_IP": "10.67.0.1", "DHCP_RANGE": "10.67.1.0,10.67.255.254,1h", "DNS_SERVERS": "10.67.0.1"]),
            serverCIDR: "10.67.0.1/16")
    }

    /// The raw client as 20,000 new clients, 128 in flight, each ACK written to `acked` as it arrives.
    static func startLoad(_ network: DHCPServeNetwork, acked: String) throws -> Process {
        try network.startBackground(
            [
                "python3", network.rawClientPath, "load", network.clientInterface, "--count", "20000", "--window",
                "128",
                "--acked", acked, "--retries", "1", "--timeout", "1",
            ],
            in: network.client, output: network.scratch + "/load.out")
    }

    /// Whether the load client has read every reply that reached it: its socket has nothing unread, and the
    /// process sleeps waiting for more (it is not between reading an ACK and writing it down). Once serve is dead,
    /// nothing more arrives. An ended client has read all it will.
    static func hasReadEveryReply(_ load: Process) -> Bool {
        let pid = load.processIdentifier
        guard let sockets = SocketTable.udpSockets(of: pid), !sockets.isEmpty else { return hasExited(load) }
        guard sockets.allSatisfy({ $0.unread == 0 }) else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "S"
    }

    /// The raw client plays 20,000 clients (distinct `chaddr`), 128 exchanges in flight, and writes each ACK it
    /// receives (MAC, address) to a file as it arrives. Serve gets SIGKILL once 1,500 ACKs are in. After the restart
    /// every ACKed client asks for its address in INIT-REBOOT (RFC 2131 §4.3.2) and must get ACK, not NAK; and 500
    /// new MACs are offered none of those addresses (the allocator starts from the bottom of the pool again, exactly
    /// where the lost leases would be).
    @Test func everyAckedLeaseSurvivesSIGKILLUnderLoad() throws {
        try DHCPServeNetwork.requireTools(["python3"])
        let network = try Self.network("dhcp-crash")
        try network.start()
        let acked = network.scratch + "/acked"
        let load = try Self.startLoad(network, acked: acked)
        func ackedLines() -> [Substring] {
            ((try? String(contentsOfFile: acked, encoding: .utf8)) ?? "").split(separator: "\n")
        }
        try waitFor("1,500 ACKs", timeout: 40) { ackedLines().count >= 1500 }
        network.killServe()
        // ACKs already on the wire still arrive; once the client has read them all, it stops. Each ACK line was
        // written as it came.
        try waitFor("the load client to read the last ACKs", timeout: 30) { Self.hasReadEveryReply(load) }
        kill(load.processIdentifier, SIGTERM)
        try waitFor("the load client to stop", timeout: 10) { hasExited(load) }
        let ackedCount = ackedLines().count
        #expect(ackedCount < 20000, "the server died mid-load")

        try network.start()
        #expect(network.logLines(containing: "recovered").first.map { !$0.contains("recovered 0 ") } == true)
        let verdict = try #require(
            try network.raw(
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

    /// The state directory is a 256 KiB tmpfs: under load the lease journal fills it, appends fail (those ACKs are
    /// not sent) and are cut back; serve gets SIGKILL in the middle of that. It starts again on the still-full
    /// disk (no room for a compacted copy: it appends to the journal as it is), and once space is freed every client
    /// that was ACKed gets its address again.
    @Test func everyAckedLeaseSurvivesAFullDiskAndSIGKILL() throws {
        try DHCPServeNetwork.requireTools(["python3", "mount"])
        let network = try Self.network("dhcp-full-disk")
        let state = network.root.path + "/var/lib/kiwi-ltsp"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try #require(Command.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", state]).succeeded)
        defer { _ = try? Command.run(["umount", "-l", state]) }
        try network.start()
        let acked = network.scratch + "/acked"
        let load = try Self.startLoad(network, acked: acked)
        // The kill lands while appends keep failing: a few failed batches after the first, not one that happened
        // to be the last.
        try waitFor("the journal to fill the disk and appends to keep failing", timeout: 60) {
            network.logLines(containing: "lease journal write failed").count >= 5
        }
        network.killServe()
        try waitFor("the load client to read the last ACKs", timeout: 30) { Self.hasReadEveryReply(load) }
        kill(load.processIdentifier, SIGTERM)
        try waitFor("the load client to stop", timeout: 10) { hasExited(load) }
        let ackedLines = ((try? String(contentsOfFile: acked, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(ackedLines.count > 1000, "\(ackedLines.count) ACKs before the disk was full")

        try network.start()
        #expect(!network.logLines(containing: "recovered").isEmpty, "\(network.log.suffix(2000))")
        try #require(Command.run(["mount", "-o", "remount,size=16m", state]).succeeded)
        let verdict = try #require(
            try network.raw(
                ["verify", network.clientInterface, "--acked", acked, "--window", "128"]).first)
        print(
            "DHCP full disk: \(ackedLines.count) ACKed before SIGKILL; after the restart \(verdict["ack"] ?? 0) ACKed again"
        )
        #expect(verdict["acked"] as? Int == ackedLines.count)
        #expect(verdict["ack"] as? Int == ackedLines.count, "every ACKed lease ACKed again")
        #expect((verdict["nak"] as? [Any])?.isEmpty == true)
        #expect((verdict["unanswered"] as? [Any])?.isEmpty == true)
    }
}
