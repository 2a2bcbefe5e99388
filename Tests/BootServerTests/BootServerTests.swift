import LTSPConfig
import Logging
import NetworkValues
import SystemSupport
import Testing

@testable import BootServer

struct BootServerTests {
    static let network = FixedNetworkEnvironment(interfaces: [
        NetworkInterface(
            name: "lo", isLoopback: true, ipv4: [IPv4Network(address: IPv4Address("127.0.0.1")!, prefixLength: 8)],
            mtu: 65536),
        NetworkInterface(
            name: "lab0", ipv4: [IPv4Network(address: IPv4Address("192.168.67.1")!, prefixLength: 24)],
            mtu: 1500),
        NetworkInterface(
            name: "jumbo", ipv4: [IPv4Network(address: IPv4Address("10.0.0.1")!, prefixLength: 24)],
            mtu: 9000),
    ])

    func server() -> BootServer {
        let loaded = ConfigurationLoader(network: Self.network).load(text: "DHCP_IFACES=lab0\n", file: "kiwi-ltsp")
        return BootServer(
            configuration: loaded.configuration, root: RootDirectory("/"), network: Self.network,
            logger: Logger(label: "test"))
    }

    @Test(arguments: [
        (["192.168.67.1"], 1468), (["10.0.0.1"], 8968), (["127.0.0.1"], 65464),
        (["127.0.0.1", "192.168.67.1"], 1468), (["::1"], 1468),
    ])
    func blockSizeFitsTheSmallestMTUOfTheListenAddresses(listen: [String], expected: Int) {
        #expect(server().maxBlockSize(for: listen) == expected)
    }

    /// NBD or AoE runs by default when the clients' root comes over it; NFS has no built-in server.
    @Test(arguments: [("nbd", BootService.nbd as BootService?), ("aoe", .aoe), ("nfs", nil)])
    func theRootTypesServiceRunsByDefault(rootType: String, service: BootService?) {
        let loaded = ConfigurationLoader(network: Self.network).load(
            text: "DHCP_IFACES=lab0\nROOT_TYPE=\(rootType)\n", file: "kiwi-ltsp")
        #expect(loaded.isValid, "\(loaded.diagnostics)")
        let configuration = loaded.configuration
        let defaults = BootService.defaults(for: configuration)
        #expect(defaults.intersection([.nbd, .aoe]) == Set([service].compactMap { $0 }))
        #expect(configuration.aoeInterface == "lab0", "AOE_IFACE: the first of DHCP_IFACES")
    }

    @Test func serviceListsParseAndNameWhatIsUnknown() throws {
        #expect(try BootService.parseList("tftp").get() == [.tftp])
        #expect(try BootService.parseList("TFTP, tftp").get() == [.tftp])
        #expect(try BootService.parseList("ldminfo").get() == [.ldminfo])
        #expect(
            throws: BootServerError.configuration(
                "unknown service 'ftp'; the services are dhcp, tftp, nbd, aoe, http, ra, ldminfo")
        ) {
            try BootService.parseList("tftp,ftp").get()
        }
        #expect(throws: BootServerError.configuration("--only needs at least one service")) {
            try BootService.parseList(" ").get()
        }
    }

    @Test func aMissingTFTPRootIsNamed() throws {
        let root = RootDirectory("/nonexistent-kiwi-ltsp-root")
        var server = server()
        server.root = root
        #expect(
            throws: BootServerError.configuration(
                "TFTP_ROOT /nonexistent-kiwi-ltsp-root/srv/tftpboot: file not found: /nonexistent-kiwi-ltsp-root/srv/tftpboot"
            )
        ) {
            try server.makeServices()
        }
    }
}
