import Foundation
import NetworkValues
import TestSupport
import Testing

@testable import Provisioning

/// The rendered nftables file in real namespaces: it checks and loads (twice: the file replaces its own tables),
/// and masquerading works: client → server (forwarding on, our tables loaded) → uplink, where the connection
/// arrives from the server's uplink address.
@Suite(.serialized) struct NftablesIntegrationTests {
    @Test func rulesetLoadsAndMasqueradesTheClients() throws {
        try RequiredTool.require(["nft", "ip", "python3", "curl"])
        let server = try NetworkNamespace(prefix: "knsrv")
        let client = try NetworkNamespace(prefix: "kncli")
        let uplink = try NetworkNamespace(prefix: "knup")
        try server.addVethPair("kcl0", "kclpeer", address: "192.168.67.1/24")
        try server.exec(["ip", "link", "set", "kclpeer", "netns", client.name])
        try client.exec(["ip", "addr", "add", "192.168.67.50/24", "dev", "kclpeer"])
        try client.exec(["ip", "link", "set", "kclpeer", "up"])
        try client.exec(["ip", "route", "add", "default", "via", "192.168.67.1"])
        try server.addVethPair("kup0", "kuppeer", address: "10.99.0.1/24")
        try server.exec(["ip", "link", "set", "kuppeer", "netns", uplink.name])
        try uplink.exec(["ip", "addr", "add", "10.99.0.2/24", "dev", "kuppeer"])
        try uplink.exec(["ip", "link", "set", "kuppeer", "up"])
        // No route back to 192.168.67.0/24 in the uplink: only masquerading makes the reply arrive.

        let network = FixedNetworkEnvironment(
            interfaces: [
                NetworkInterface(
                    name: "kcl0", ipv4: [IPv4Network(address: IPv4Address("192.168.67.1")!, prefixLength: 24)]),
                NetworkInterface(
                    name: "kup0", ipv4: [IPv4Network(address: IPv4Address("10.99.0.1")!, prefixLength: 24)]),
            ], defaultRoute: "kup0")
        let configuration = try Fixture.configuration("DNS_SERVERS=192.0.2.53\nDHCP_IFACES=kcl0", network: network)
        #expect(configuration.natInterface == "kup0")
        let scratch = try BuiltProducts.scratchDirectory("prov-nft")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let file = scratch + "/kiwi-ltsp.nft"
        try NftablesRenderer.render(configuration).write(toFile: file, atomically: true, encoding: .utf8)
        let sysctl = scratch + "/90-kiwi-ltsp.conf"
        try SysctlRenderer.render(configuration).write(toFile: sysctl, atomically: true, encoding: .utf8)

        try server.exec(ToolCommand.checkFirewall(file: file).arguments)
        try server.exec(ToolCommand.loadFirewall(file: file).arguments)
        try server.exec(ToolCommand.loadFirewall(file: file).arguments)
        try server.exec(ToolCommand.loadSysctl(file: sysctl).arguments)
        let tables = try server.exec(["nft", "list", "tables"]).stdout
        #expect(tables.contains("table inet kiwi_ltsp") && tables.contains("table ip kiwi_ltsp_nat"))

        let listener = try BackgroundProcess([
            "ip", "netns", "exec", uplink.name, "python3", "-u", "-c",
            """
            import socket
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("10.99.0.2", 8080)); s.listen(1); print("listening", flush=True)
            c, peer = s.accept(); print("peer", peer[0], flush=True)
            c.recv(1024); c.sendall(b"HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok"); c.close()
            """,
        ])
        try listener.waitForLog("listening")
        let fetched = try client.exec(["curl", "-sS", "--max-time", "5", "http://10.99.0.2:8080/"], check: false)
        #expect(fetched.stdout == "ok", "\(fetched.stderr)")
        try listener.waitForLog("peer ")
        #expect(listener.log.contains("peer 10.99.0.1"), "the uplink saw \(listener.log)")
    }
}
