import Foundation
import NetworkValues
import TestSupport
import Testing

@testable import Provisioning

/// The rendered dnsmasq file with the real dnsmasq: `--test` accepts every mode, and in a network namespace it
/// gives busybox udhcpc an address and serves a boot file to curl over TFTP. dnsmasq runs only inside the
/// namespace, so the host's port 53 is never touched.
@Suite(.serialized) struct DnsmasqIntegrationTests {
    static let tools = ["dnsmasq", "ip", "udhcpc", "curl"]

    @Test(arguments: ["full", "proxy", "off"])
    func dnsmasqAcceptsTheRenderedFile(mode: String) throws {
        try RequiredTool.require(["dnsmasq"], needsRoot: false)
        let configuration = try Fixture.configuration(
            """
            BOOT_SERVICES=dnsmasq
            DHCP_MODE=\(mode)
            DNS_SERVERS=192.0.2.53
            DHCP_RESERVATIONS="52:54:00:12:34:56,192.168.67.50,desk"
            """)
        let file = try BuiltProducts.scratchDirectory("prov-dnsmasq") + "/kiwi-ltsp.conf"
        try DnsmasqConfigRenderer.render(configuration).write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Command.run(ToolCommand.checkDnsmasq(file: file).arguments)
        #expect(result.succeeded, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("syntax check OK"))
    }

    @Test
    func dnsmasqHandsOutAnAddressAndServesTFTP() throws {
        try RequiredTool.require(Self.tools)
        let server = try NetworkNamespace(prefix: "kpsrv")
        let client = try NetworkNamespace(prefix: "kpcli")
        try server.addVethPair("ksrv0", "kcli0", address: "192.168.67.1/24")
        try server.exec(["ip", "link", "set", "kcli0", "netns", client.name])
        try client.exec(["ip", "link", "set", "kcli0", "up"])

        let scratch = try BuiltProducts.scratchDirectory("prov-dnsmasq-run")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let network = FixedNetworkEnvironment(interfaces: [
            NetworkInterface(
                name: "ksrv0", ipv4: [IPv4Network(address: IPv4Address("192.168.67.1")!, prefixLength: 24)])
        ])
        let configuration = try Fixture.configuration(
            """
            BOOT_SERVICES=dnsmasq
            DNS_SERVERS=192.0.2.53
            NAT=no
            TFTP_ROOT=\(scratch)/tftp
            DHCP_RANGE=192.168.67.100,192.168.67.110,1h
            """, network: network)
        let conf = scratch + "/dnsmasq.conf"
        try DnsmasqConfigRenderer.render(configuration).write(toFile: conf, atomically: true, encoding: .utf8)
        try writeFile(scratch + "/tftp/KIWI/lts.conf", LTSConfRenderer.render(configuration))

        let dnsmasq = try BackgroundProcess([
            "ip", "netns", "exec", server.name, "dnsmasq", "-k", "--conf-file=\(conf)",
            "--pid-file=\(scratch)/dnsmasq.pid", "--user=root",
            "--dhcp-leasefile=\(scratch)/leases", "--log-facility=-", "--log-dhcp",
        ])
        try dnsmasq.waitForLog("TFTP root is")

        let lease = try client.exec(
            [
                "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1", "-i", "kcli0",
                "-s", "/bin/true",
            ], check: false)
        #expect(lease.succeeded, "udhcpc: \(lease.stdout)\(lease.stderr)\n\(dnsmasq.log)")
        let output = lease.stdout + lease.stderr
        let address = output.split(separator: "\n").first { $0.contains("lease of ") }
            .flatMap { $0.split(separator: " ").dropFirst(3).first }.map(String.init)
        let host = address.flatMap { Int($0.split(separator: ".").last ?? "") } ?? 0
        #expect(address?.hasPrefix("192.168.67.") == true && (100...110).contains(host), "\(output)")
        #expect(dnsmasq.log.contains("DHCPACK(ksrv0) \(address ?? "?")"))
        #expect(dnsmasq.log.contains("lpxelinux.0"), "BIOS clients get the pxelinux boot file")

        try client.exec(["ip", "addr", "add", "192.168.67.105/24", "dev", "kcli0"])
        let fetched = try client.exec(
            ["curl", "-sS", "--max-time", "10", "tftp://192.168.67.1/KIWI/lts.conf"],
            check: false)
        #expect(fetched.succeeded, "\(fetched.stderr)\n\(dnsmasq.log)")
        #expect(fetched.stdout == LTSConfRenderer.render(configuration))
    }
}
