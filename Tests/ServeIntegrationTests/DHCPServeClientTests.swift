import Foundation
import Testing
import TestSupport

/// Real DHCP clients (busybox udhcpc, ISC dhclient, nmap) against `kiwi-ltsp serve` in full mode.
@Suite(.serialized) struct DHCPServeClientTests {
    static let reservedMAC = "52:54:00:67:00:01"

    /// One udhcpc run (one DORA) on the client bridge; the hook script's `event=bound` line.
    static func udhcpc(_ network: DHCPServeNetwork, _ extra: [String] = []) throws -> Substring {
        let result = try network.inClient(
            [
                "udhcpc", "-i", network.clientInterface, "-n", "-q", "-f", "-t", "3", "-T", "1",
                "-s", try network.hookScript(configure: false),
            ] + extra)
        guard let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix("event=bound") }) else {
            throw TestFailure("udhcpc \(extra) did not bind: \(result.stdout) \(result.stderr)")
        }
        return line
    }

    /// Address from the range, router (NAT on: the server), DNS, domain, no boot file for a plain DHCP client; the
    /// reservation with its host name; the boot file by firmware: BIOS PXE, x64 UEFI (from option 60 alone and with
    /// option 93), and iPXE's user class (option 77, as iPXE sends it: the bare text).
    @Test func udhcpcGetsLeaseOptionsReservationAndBootFileByFirmware() throws {
        try DHCPServeNetwork.requireTools(["udhcpc"])
        let network = try DHCPServeNetwork(
            "dhcp-udhcpc",
            settings: DHCPServeNetwork.settings(["DHCP_RESERVATIONS": "\(Self.reservedMAC),192.168.67.99,lab01"]))
        try network.start()

        let plain = try Self.udhcpc(network)
        #expect(field("ip", of: plain) == "192.168.67.20")
        #expect(field("router", of: plain) == "192.168.67.1")
        #expect(field("dns", of: plain) == "192.168.67.1")
        #expect(field("domain", of: plain) == "lab.test")
        #expect(field("boot_file", of: plain) == "")
        #expect(field("siaddr", of: plain) == "192.168.67.1")

        let bios = try Self.udhcpc(network, ["-V", "PXEClient:Arch:00000:UNDI:002001"])
        #expect(field("boot_file", of: bios) == "lpxelinux.0")
        #expect(field("ip", of: bios) == "192.168.67.20", "same MAC, same address")
        let uefi = try Self.udhcpc(network, ["-V", "PXEClient:Arch:00007:UNDI:003016"])
        #expect(field("boot_file", of: uefi) == "snponly.efi")
        let uefiWith93 = try Self.udhcpc(network, ["-V", "PXEClient:Arch:00009:UNDI:003016", "-x", "0x5d:0009"])
        #expect(field("boot_file", of: uefiWith93) == "snponly.efi")
        let ipxe = try Self.udhcpc(network, ["-V", "PXEClient:Arch:00000:UNDI:002001", "-x", "0x4d:69505845"])
        #expect(field("boot_file", of: ipxe) == "KIWI/boot.ipxe")

        try network.setClientMAC(Self.reservedMAC)
        let reserved = try Self.udhcpc(network, ["-V", "PXEClient:Arch:00000:UNDI:002001"])
        #expect(field("ip", of: reserved) == "192.168.67.99")
        #expect(field("hostname", of: reserved) == "lab01")
        #expect(field("boot_file", of: reserved) == "lpxelinux.0")

        #expect(
            network.logLines(containing: "ack 192.168.67.20 to 52:54:00:67:10:01 (iPXE) boot KIWI/boot.ipxe")
                .count == 1)
        #expect(
            network.logLines(containing: "ack 192.168.67.99 to \(Self.reservedMAC) (BIOS PXE) boot lpxelinux.0")
                .count == 1)
    }

    /// NAT off: no router option (the server does not route for the clients).
    @Test func udhcpcGetsNoRouterWithoutNAT() throws {
        try DHCPServeNetwork.requireTools(["udhcpc"])
        let network = try DHCPServeNetwork("dhcp-nonat", settings: DHCPServeNetwork.settings(["NAT": "no"]))
        try network.start()
        let plain = try Self.udhcpc(network)
        #expect(field("ip", of: plain) == "192.168.67.20")
        #expect(field("router", of: plain) == "")
        #expect(field("dns", of: plain) == "192.168.67.1")
    }

    /// udhcpc bound in the background, then SIGUSR1: a real RENEWING request (unicast from the leased address,
    /// ciaddr set, RFC 2131 §4.3.2) is ACKed with the same address.
    @Test func udhcpcRenewsItsLease() throws {
        try DHCPServeNetwork.requireTools(["udhcpc"])
        let network = try DHCPServeNetwork("dhcp-renew")
        try network.start()
        let output = network.scratch + "/udhcpc-renew.out"
        let udhcpc = try network.startBackground(
            [
                "udhcpc", "-i", network.clientInterface, "-f", "-t", "3", "-T", "1",
                "-s", try network.hookScript(configure: true),
            ], in: network.client, output: output)
        func lines() -> [Substring] {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
        }
        try waitFor("udhcpc to bind", timeout: 15) { lines().contains { $0.hasPrefix("event=bound") } }
        kill(udhcpc.processIdentifier, SIGUSR1)
        try waitFor("udhcpc to renew", timeout: 15) { lines().contains { $0.hasPrefix("event=renew") } }
        let renewed = try #require(lines().first { $0.hasPrefix("event=renew") })
        #expect(field("ip", of: renewed) == "192.168.67.20")
        #expect(network.logLines(containing: "ack 192.168.67.20 to 52:54:00:67:10:01").count == 2)
        #expect(network.logLines(containing: "offer ").count == 1, "the renewal is a REQUEST without a DISCOVER")
        network.stopBackground()
    }

    /// ISC dhclient: bind; reboot (INIT-REBOOT from its lease file); release (the server logs it) and the address
    /// goes back to the pool: with a pool of one address, another client gets nothing before the release and that
    /// address after it.
    @Test func dhclientBindsRebootsAndReleases() throws {
        try DHCPServeNetwork.requireTools(["dhclient", "python3"])
        let network = try DHCPServeNetwork(
            "dhcp-dhclient", settings: DHCPServeNetwork.settings(["DHCP_RANGE": "192.168.67.20,192.168.67.20,1h"]))
        try network.start()
        let leases = network.scratch + "/dhclient.leases", pidFile = network.scratch + "/dhclient.pid"
        let hook = try network.hookScript(configure: true)
        // dhclient goes to the background once bound: its output goes to a file, and it is stopped by its pid file.
        func dhclient(_ arguments: [String], _ name: String) throws -> String {
            try network.runToFile(
                ["dhclient", "-1", "-v", "-lf", leases, "-pf", pidFile, "-sf", hook] + arguments,
                in: network.client, output: network.scratch + "/" + name)
        }
        func stopDaemon() { stopDhclient(pidFile: pidFile) }
        defer { stopDaemon() }

        let bound = try dhclient([network.clientInterface], "bind.out")
        #expect(bound.contains("reason=BOUND ip=192.168.67.20"), "\(bound)")
        #expect(network.logLines(containing: "ack 192.168.67.20 to 52:54:00:67:10:01").count == 1)

        // Reboot: the daemon dies, the address goes, dhclient starts again from its lease file (INIT-REBOOT).
        stopDaemon()
        try network.inClient(["ip", "addr", "flush", "dev", network.clientInterface])
        let rebooted = try dhclient([network.clientInterface], "reboot.out")
        #expect(rebooted.contains("reason=REBOOT ip=192.168.67.20"), "\(rebooted)")
        #expect(network.logLines(containing: "ack 192.168.67.20 to 52:54:00:67:10:01").count == 2)
        #expect(network.logLines(containing: "offer ").count == 1, "INIT-REBOOT skips DISCOVER")

        // The pool is full: another client is offered nothing.
        let other = "52:54:00:67:20:02"
        #expect(try network.raw(["offers", network.clientInterface, other, "--wait", "1"]).isEmpty)

        _ = try dhclient(["-r", network.clientInterface], "release.out")
        try waitFor("the release in the serve log", timeout: 5) {
            !network.logLines(containing: "release 192.168.67.20 to 52:54:00:67:10:01").isEmpty
        }
        let offers = try network.raw(["offers", network.clientInterface, other, "--wait", "1"])
        #expect(offers.first?["yiaddr"] as? String == "192.168.67.20", "released address back in the pool: \(offers)")
    }

    /// ISC dhclient in RENEWING (RFC 2131 §4.4.5): its configuration supersedes T1 with 3 s, so the daemon renews
    /// a few seconds after binding, by a REQUEST unicast from its leased address with ciaddr set; we ACK the same
    /// address, without a new offer, and the hook script sees reason=RENEW.
    @Test func dhclientRenewsItsLease() throws {
        try DHCPServeNetwork.requireTools(["dhclient"])
        let network = try DHCPServeNetwork("dhcp-dhclient-renew")
        try network.start()
        let leases = network.scratch + "/dhclient.leases", pidFile = network.scratch + "/dhclient.pid"
        let config = network.scratch + "/dhclient.conf"
        try "supersede dhcp-renewal-time 3;\nsupersede dhcp-rebinding-time 600;\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        // In the foreground (-d), so its output and the hook's stay in the file.
        let output = network.scratch + "/dhclient-renew.out"
        _ = try network.startBackground(
            [
                "dhclient", "-d", "-v", "-cf", config, "-lf", leases, "-pf", pidFile,
                "-sf", try network.hookScript(configure: true), network.clientInterface,
            ], in: network.client, output: output)
        defer { network.stopBackground() }
        func text() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        try waitFor("dhclient to bind", timeout: 20) { text().contains("reason=BOUND ip=192.168.67.20") }
        try waitFor("dhclient to renew", timeout: 20) { text().contains("reason=RENEW ip=192.168.67.20") }
        try waitFor("the renewal ACK in the serve log", timeout: 5) {
            network.logLines(containing: "ack 192.168.67.20 to 52:54:00:67:10:01").count >= 2
        }
        #expect(network.logLines(containing: "offer ").count == 1, "RENEWING sends a REQUEST, no DISCOVER")
        #expect(
            text().contains("DHCPREQUEST for 192.168.67.20 on \(network.clientInterface) to 192.168.67.1"),
            "unicast to the server (RENEWING), not broadcast: \(text())")
    }

    /// nmap's broadcast-dhcp-discover script sees our offer with its options. nmap needs an IPv4 address on the
    /// interface to use it, so the bridge gets a link-local one (not in the DHCP network).
    @Test func nmapBroadcastDiscoverSeesTheOffer() throws {
        try DHCPServeNetwork.requireTools(["nmap"])
        let network = try DHCPServeNetwork("dhcp-nmap")
        try network.start()
        try DHCPServeNetwork.exec(
            network.client, ["ip", "addr", "add", "169.254.67.2/16", "dev", network.clientInterface])
        let result = try network.inClient(
            [
                "nmap", "--script", "broadcast-dhcp-discover", "--script-args",
                "broadcast-dhcp-discover.interface=\(network.clientInterface),broadcast-dhcp-discover.timeout=3",
            ])
        #expect(result.stdout.contains("DHCP Message Type: DHCPOFFER"), "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("Server Identifier: 192.168.67.1"))
        #expect(result.stdout.contains("IP Offered: 192.168.67.2"))
        #expect(result.stdout.contains("Router: 192.168.67.1"))
        #expect(result.stdout.contains("Domain Name: lab.test"))
        #expect(network.logLines(containing: "offer 192.168.67.").count == 1)
    }

    /// One machine, two clients: udhcpc sends option 61 = 01 + MAC (as much PXE firmware does), dhclient sends no
    /// option 61. Both must get the same address (they got .20 and .21 before the client key treated them alike).
    @Test func udhcpcAndDhclientOfOneMACGetOneAddress() throws {
        try DHCPServeNetwork.requireTools(["udhcpc", "dhclient"])
        let network = try DHCPServeNetwork("dhcp-sameclient")
        try network.start()
        let first = try Self.udhcpc(network)
        #expect(field("ip", of: first) == "192.168.67.20")

        let leases = network.scratch + "/dhclient.leases", pidFile = network.scratch + "/dhclient.pid"
        let text = try network.runToFile(
            [
                "dhclient", "-1", "-v", "-lf", leases, "-pf", pidFile, "-sf", try network.hookScript(configure: false),
                network.clientInterface,
            ], in: network.client, output: network.scratch + "/dhclient.out")
        stopDhclient(pidFile: pidFile)
        #expect(text.contains("reason=BOUND ip=192.168.67.20"), "\(text)")
        #expect(network.logLines(containing: "ack 192.168.67.20 to 52:54:00:67:10:01").count == 2)
        #expect(network.logLines(containing: "192.168.67.21").isEmpty)
    }
}

/// Stops the dhclient daemon of `pidFile`: SIGTERM, then SIGKILL if it is still there after a second.
func stopDhclient(pidFile: String) {
    guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
        let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
    else { return }
    kill(pid, SIGTERM)
    for _ in 0..<50 where kill(pid, 0) == 0 { usleep(20_000) }
    if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
    try? FileManager.default.removeItem(atPath: pidFile)
}
