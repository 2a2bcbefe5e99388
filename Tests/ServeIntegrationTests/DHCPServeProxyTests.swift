import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp serve` next to another DHCP server (dnsmasq in a third namespace on the same segment).
@Suite(.serialized) struct DHCPServeProxyTests {
    /// Proxy mode: dnsmasq hands out the address, ours only the boot file. A PXE client's DISCOVER gets two offers:
    /// dnsmasq's with an address, ours with yiaddr 0, `PXEClient` and the boot file; it takes the address from
    /// dnsmasq (REQUEST → dnsmasq's ACK) and then asks us on port 4011 (ACK with the boot file). A plain udhcpc gets
    /// its address from dnsmasq and nothing from us.
    @Test func proxyModeSuppliesTheBootFileWhileDnsmasqGivesTheAddress() throws {
        try DHCPServeNetwork.requireTools(["dnsmasq", "udhcpc", "python3"])
        let network = try DHCPServeNetwork(
            "dhcp-proxy", settings: DHCPServeNetwork.settings(["DHCP_MODE": "proxy", "DHCP_RANGE": ""]),
            peerCIDR: "192.168.67.2/24")
        try network.startPeerDnsmasq()
        try network.start(["--log-level", "debug"])
        let interface = network.clientInterface

        let pxeMAC = "52:54:00:67:30:01"
        let offers = try network.raw(
            ["offers", interface, pxeMAC, "--vendor-class", "PXEClient:Arch:00000:UNDI:002001", "--arch", "0"])
        let fromDnsmasq = try #require(offers.first { $0["server"] as? String == "192.168.67.2" }, "\(offers)")
        let fromUs = try #require(offers.first { $0["server"] as? String == "192.168.67.1" }, "\(offers)")
        let address = try #require(fromDnsmasq["yiaddr"] as? String)
        #expect(address.hasPrefix("192.168.67.1") && address != "192.168.67.1", "dnsmasq's range: \(address)")
        #expect(fromUs["yiaddr"] as? String == "0.0.0.0")
        #expect(fromUs["file"] as? String == "lpxelinux.0")
        #expect(fromUs["vendor_class"] as? String == "PXEClient")

        let ack = try network.raw(["request", interface, pxeMAC, "192.168.67.2", address])
        #expect(ack.contains { $0["type"] as? String == "ACK" && $0["yiaddr"] as? String == address }, "\(ack)")
        try DHCPServeNetwork.exec(network.client, ["ip", "addr", "add", "\(address)/24", "dev", interface])
        let boot = try network.raw(["pxe", interface, pxeMAC, "192.168.67.1", "--ciaddr", address])
        #expect(boot.first?["type"] as? String == "ACK", "\(boot)")
        #expect(boot.first?["file"] as? String == "lpxelinux.0")
        #expect(boot.first?["yiaddr"] as? String == "0.0.0.0")
        try DHCPServeNetwork.exec(network.client, ["ip", "addr", "flush", "dev", interface])

        let plainMAC = "52:54:00:67:30:02"
        try network.setClientMAC(plainMAC)
        let plain = try network.inClient(
            [
                "udhcpc", "-i", interface, "-n", "-q", "-f", "-t", "3", "-T", "1",
                "-s", try network.hookScript(configure: false),
            ])
        let bound = try #require(
            plain.stdout.split(separator: "\n").first { $0.hasPrefix("event=bound") },
            "\(plain.stdout) \(plain.stderr)")
        #expect(field("ip", of: bound)?.hasPrefix("192.168.67.1") == true)
        #expect(field("router", of: bound) == "192.168.67.2", "dnsmasq's answer: it names itself the router")
        #expect(
            network.logLines(containing: "\(plainMAC): proxy mode answers PXE clients only").count >= 1,
            "our server saw the plain client and chose not to answer")
        #expect(network.logLines(containing: "to \(plainMAC)").isEmpty, "no offer or ACK from us to the plain client")
        #expect(network.logLines(containing: "proxyOffer to \(pxeMAC) (BIOS PXE) boot lpxelinux.0").count == 1)
        #expect(network.logLines(containing: "proxyAck to \(pxeMAC) (BIOS PXE) boot lpxelinux.0").count == 1)
    }

    /// Full mode with dnsmasq already serving the segment: the start-up probe finds it and warns, naming it.
    @Test func fullModeWarnsLoudlyAboutAnotherServer() throws {
        try DHCPServeNetwork.requireTools(["dnsmasq"])
        let network = try DHCPServeNetwork("dhcp-probe", peerCIDR: "192.168.67.2/24")
        try network.startPeerDnsmasq()
        try network.start()
        let warnings = network.logLines(containing: "another DHCP server 192.168.67.2 offered 192.168.67.1")
        #expect(warnings.count == 1, "\(network.log)")
        #expect(warnings.first?.contains(" warning ") == true)
        #expect(warnings.first?.contains("two full DHCP servers on one network fight") == true)
    }

    /// The same probe on a segment where we are alone says nothing.
    @Test func aloneTheProbeIsQuiet() throws {
        try DHCPServeNetwork.requireTools([])
        let network = try DHCPServeNetwork("dhcp-probe-alone")
        try network.start()
        #expect(network.logLines(containing: "another DHCP server").isEmpty, "\(network.log)")
    }
}
