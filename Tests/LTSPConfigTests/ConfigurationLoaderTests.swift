import Foundation
import NetworkValues
import SystemSupport
import Testing

@testable import LTSPConfig

/// A lab server: eth0 is the uplink with the default route, eth1 faces the clients.
let labNetwork = FixedNetworkEnvironment(
    interfaces: [
        NetworkInterface(
            name: "lo", isLoopback: true, ipv4: [IPv4Network(address: IPv4Address("127.0.0.1")!, prefixLength: 8)]),
        NetworkInterface(
            name: "eth0", ipv4: [IPv4Network(address: IPv4Address("203.0.113.5")!, prefixLength: 24)],
            mac: "52:54:00:00:00:01", mtu: 1500),
        NetworkInterface(
            name: "eth1", ipv4: [IPv4Network(address: IPv4Address("192.168.67.1")!, prefixLength: 24)],
            mac: "52:54:00:00:00:02", mtu: 1500),
    ], defaultRoute: "eth0")

func scratchRoot(resolvConf: String? = "nameserver 192.0.2.53\n") throws -> RootDirectory {
    let path = NSTemporaryDirectory() + "kiwi-ltsp-config-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path + "/etc", withIntermediateDirectories: true)
    if let resolvConf { try resolvConf.write(toFile: path + "/etc/resolv.conf", atomically: true, encoding: .utf8) }
    return RootDirectory(path)
}

func load(
    _ text: String?, network: any NetworkEnvironment = labNetwork,
    root: RootDirectory? = nil
) throws -> LoadedConfiguration {
    let loader = ConfigurationLoader(root: try root ?? scratchRoot(), network: network)
    return loader.load(text: text, file: "/etc/sysconfig/kiwi-ltsp")
}

struct ConfigurationLoaderTests {
    @Test func emptyFileDerivesEverythingFromTheHost() throws {
        let loaded = try load("")
        #expect(loaded.errors == [])
        let config = loaded.configuration
        #expect(config.dhcpInterfaces == ["eth1"])
        #expect(config.serverAddress?.description == "192.168.67.1")
        #expect(config.dhcpRange?.description == "192.168.67.20,192.168.67.250,12h")
        #expect(config.dnsServers.map(\.description) == ["192.0.2.53"])
        #expect(config.natInterface == "eth0")
        #expect(config.aoeInterface == "eth1")
        #expect(config.chrootDirectory == "/srv/kiwi-ltsp-nfs-amd64")
        #expect(config.imagePath == "/srv/kiwi-ltsp/amd64.img")
        #expect(config.ltsConfPath == "/srv/tftpboot/KIWI/lts.conf")
        #expect(loaded.setting("SERVER_IP")?.provenance == .derived("address of eth1 (192.168.67.1/24)"))
        #expect(
            loaded.setting("DHCP_IFACES")?.provenance
                == .derived("first interface with a private IPv4 address (192.168.67.1/24)"))
        #expect(loaded.setting("TFTP_PORT")?.provenance == .defaultValue)
    }

    @Test func fileValuesCarryFileAndLine() throws {
        let loaded = try load(
            """
            # lab
            DHCP_IFACES="eth1"
            SERVER_IP=192.168.67.1
            DHCP_RANGE='192.168.67.100,192.168.67.199,1h'
            ARCH="i386"
            TFTP_PORT=6969
            NAT="no"
            EXTRA_PACKAGES="vim htop"
            """)
        #expect(loaded.errors == [])
        #expect(loaded.setting("DHCP_RANGE")?.provenance == .file(path: "/etc/sysconfig/kiwi-ltsp", line: 4))
        #expect(loaded.setting("DHCP_RANGE")?.provenance.description == "/etc/sysconfig/kiwi-ltsp:4")
        let config = loaded.configuration
        #expect(config.dhcpRange?.description == "192.168.67.100,192.168.67.199,1h")
        #expect(config.tftpPort == 6969)
        #expect(config.nat == false)
        #expect(config.chrootDirectory == "/srv/kiwi-ltsp-nfs-i386")
        #expect(config.extraPackages == ["vim", "htop"])
    }

    static let badValues: [(String, String)] = [
        (#"DHCP_MODE="fulll""#, #"DHCP_MODE="fulll": use one of full, proxy, off"#),
        (#"ROOT_TYPE="iscsi""#, #"ROOT_TYPE="iscsi": use one of nbd, aoe, nfs"#),
        (#"BOOT_SERVICES="xinetd""#, #"BOOT_SERVICES="xinetd": use one of builtin, dnsmasq"#),
        (#"IMAGE_PROFILE="fat""#, #"IMAGE_PROFILE="fat": use one of minimal, thin"#),
        (#"ARCH="sparc""#, #"ARCH="sparc": use one of amd64, i386, arm64"#),
        (#"TFTP_PORT="70000""#, #"TFTP_PORT="70000": use a whole number from 1 to 65535"#),
        (#"NBD_PORT="nbd""#, #"NBD_PORT="nbd": use a whole number from 1 to 65535"#),
        (#"AOE_SHELF="65535""#, #"AOE_SHELF="65535": use a whole number from 0 to 65534"#),
        (#"AOE_SLOT="255""#, #"AOE_SLOT="255": use a whole number from 0 to 254"#),
        (#"SERVER_IP="192.168.67""#, #"SERVER_IP="192.168.67": use an IPv4 address such as 192.168.67.1"#),
        (
            #"DNS_SERVERS="192.0.2.53 resolver""#,
            #"DNS_SERVERS="192.0.2.53 resolver": 'resolver' is not an IPv4 address"#
        ),
        (#"DHCP_RANGE="192.168.67.20""#, #"DHCP_RANGE="192.168.67.20": expected start,end[,leasetime]"#),
        (#"DHCP_RANGE="192.168.67.9,192.168.67.2""#, "the start address is above the end address"),
        (#"DHCP_RANGE="192.168.67.2,192.168.67.9,5""#, "'5' is not a lease time"),
        (#"TFTP_ROOT="srv/tftpboot""#, #"TFTP_ROOT="srv/tftpboot": use an absolute path (starting with /)"#),
        (#"IMAGE_DIR="images""#, "use an absolute path"),
        (#"NAT="maybe""#, #"NAT="maybe": use yes or no"#),
        (#"IP_FORWARD="2""#, #"IP_FORWARD="2": use yes or no"#),
        (#"IMAGE_MIRROR="ftp.debian.org""#, "use an http://, https:// or file:/ URL"),
        (#"EXTRA_PACKAGES="vim Bad_Name""#, "'Bad_Name' is not a Debian package name"),
        (#"DOMAIN="-lab.example""#, "use a DNS domain such as ltsp.lan"),
        (#"NAT_IFACE="eth0 eth1""#, "use one interface name such as eth0"),
        (#"DHCP_IFACES="eth/1""#, "'eth/1' is not an interface name"),
        (#"IMAGE_DISTRIBUTION="book worm""#, "use letters, digits"),
        (#"DHCP_IFACES="eth9""#, "DHCP_IFACES: interface eth9 does not exist (interfaces here: eth0, eth1)"),
        (
            #"DHCP_RANGE="10.0.0.20,10.0.0.250""#,
            "DHCP_RANGE 10.0.0.20-10.0.0.250 is outside the client network 192.168.67.0/24"
        ),
        (#"DHCP_RESERVATIONS="52:54:00:12:34:56""#, "'52:54:00:12:34:56' is not MAC,ADDRESS[,HOSTNAME]"),
        (
            #"DHCP_RESERVATIONS="52:54:00:12:34,192.168.67.50""#,
            "'52:54:00:12:34' in '52:54:00:12:34,192.168.67.50' is not a MAC address"
        ),
        (#"DHCP_RESERVATIONS="52:54:00:12:34:56,192.168.67""#, "is not an IPv4 address"),
        (#"DHCP_RESERVATIONS="52:54:00:12:34:56,192.168.67.5,bad_name""#, "'bad_name' in"),
        (
            #"DHCP_RESERVATIONS="52:54:00:12:34:56,192.168.67.5 52:54:00:12:34:56,192.168.67.6""#,
            "52:54:00:12:34:56 is reserved twice"
        ),
        (
            #"DHCP_RESERVATIONS="52:54:00:12:34:56,192.168.67.5 52:54:00:12:34:57,192.168.67.5""#,
            "192.168.67.5 is reserved twice"
        ),
        (
            #"DHCP_RESERVATIONS="52:54:00:12:34:56,10.1.1.1""#,
            "10.1.1.1 for 52:54:00:12:34:56 is outside the client network 192.168.67.0/24"
        ),
        (#"DHCP_RESERVATIONS="52:54:00:12:34:56,192.168.67.1""#, "192.168.67.1 is the server's own address"),
        (#"BOOT_FILE_BIOS="/lpxelinux.0""#, "use a path inside TFTP_ROOT"),
        (#"IPXE_SCRIPT="KIWI/../../boot.ipxe""#, "use a path inside TFTP_ROOT"),
        (#"BOOT_FILE_UEFI="a b.efi""#, "use a path inside TFTP_ROOT"),
        (#"TFTP_LISTEN="127.0.0.1 ::1 localhost""#, "'localhost' is not an IPv4 or IPv6 address"),
    ]

    @Test(arguments: badValues)
    func badValueNamesFileLineVariableAndWhatIsAllowed(assignment: String, message: String) throws {
        let loaded = try load("# line 1\nDHCP_IFACES=\"eth1\"\n\(assignment)\n")
        let errors = loaded.errors
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.line == 3)
        #expect(errors.first?.file == "/etc/sysconfig/kiwi-ltsp")
        #expect(errors.first?.description.hasPrefix("/etc/sysconfig/kiwi-ltsp:3: ") == true)
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test func reservationsAndBootFiles() throws {
        let loaded = try load(
            """
            DHCP_RESERVATIONS="52:54:00:12:34:56,192.168.67.50,front-desk AA-BB-CC-DD-EE-FF,192.168.67.51"
            IPXE_SCRIPT="KIWI/lab.ipxe"
            NAT=yes
            """)
        #expect(loaded.errors == [])
        let config = loaded.configuration
        #expect(
            config.reservations == [
                HostReservation(
                    mac: "52:54:00:12:34:56", address: IPv4Address("192.168.67.50")!, hostname: "front-desk"),
                HostReservation(mac: "aa:bb:cc:dd:ee:ff", address: IPv4Address("192.168.67.51")!),
            ])
        #expect(config.bootFileBIOS == "lpxelinux.0")
        #expect(config.bootFileUEFI == "snponly.efi")
        #expect(config.ipxeScript == "KIWI/lab.ipxe")
        let none = try load("IPXE_SCRIPT=none\n")
        #expect(none.configuration.ipxeScript == nil)
        #expect(
            none.diagnostics.contains { $0.line == 1 && $0.message.contains("UEFI clients would load iPXE again") },
            "\(none.diagnostics)")
        #expect(try load("").configuration.ipxeScript == "KIWI/boot.ipxe")
        #expect(config.router == config.serverAddress)
        #expect(try load("NAT=no\n").configuration.router == nil)
    }

    @Test func syntaxErrorsAreReportedWithTheirLine() throws {
        let loaded = try load("A=1\nSERVER_IP = 1.2.3.4\nDOMAIN=\"never closed\n")
        #expect(loaded.errors.map(\.line) == [2, 3])
    }

    @Test func unknownVariableWarnsWithTheClosestName() throws {
        let loaded = try load("DHCP_RANG=\"x\"\nFOO_BAR_BAZ=1\n")
        #expect(loaded.errors == [])
        #expect(
            loaded.warnings.map(\.description) == [
                "/etc/sysconfig/kiwi-ltsp:1: warning: unknown variable DHCP_RANG; did you mean DHCP_RANGE?",
                "/etc/sysconfig/kiwi-ltsp:2: warning: unknown variable FOO_BAR_BAZ",
            ])
    }

    @Test func repeatedVariableWarnsAndTheLaterValueWins() throws {
        let loaded = try load("ARCH=i386\nARCH=arm64\n")
        #expect(loaded.configuration.arch == "arm64")
        #expect(
            loaded.warnings.first?.description
                == "/etc/sysconfig/kiwi-ltsp:2: warning: ARCH was already set at line 1; this value wins")
    }

    @Test func proxyModeHasNoPoolAndIgnoresARange() throws {
        let loaded = try load("DHCP_MODE=proxy\nDHCP_RANGE=192.168.67.20,192.168.67.30\n")
        #expect(loaded.errors == [])
        #expect(loaded.configuration.dhcpRange == nil)
        #expect(loaded.warnings.first?.line == 2)
    }

    @Test(arguments: [(25, "10.1.2.148,10.1.2.254,12h"), (16, "10.1.0.20,10.1.0.250,12h")])
    func defaultPoolIsClampedToTheNetwork(prefix: Int, expected: String) throws {
        let network = FixedNetworkEnvironment(interfaces: [
            NetworkInterface(
                name: "lan", ipv4: [IPv4Network(address: IPv4Address("10.1.2.130")!, prefixLength: prefix)])
        ])
        let loaded = try load("", network: network)
        #expect(loaded.configuration.dhcpRange?.description == expected)
    }

    @Test func networkTooSmallForTheDefaultPoolIsAnError() throws {
        let network = FixedNetworkEnvironment(interfaces: [
            NetworkInterface(name: "lan", ipv4: [IPv4Network(address: IPv4Address("10.1.2.1")!, prefixLength: 28)])
        ])
        let loaded = try load("", network: network)
        #expect(
            loaded.errors.map(\.message) == [
                "the client network 10.1.2.1/28 is too small for the default pool; set DHCP_RANGE"
            ])
    }

    @Test func noPrivateInterfaceIsAnErrorThatSaysWhatToSet() throws {
        let network = FixedNetworkEnvironment(
            interfaces: [
                NetworkInterface(
                    name: "eth0", ipv4: [IPv4Network(address: IPv4Address("192.0.2.2")!, prefixLength: 24)])
            ], defaultRoute: "eth0")
        let loaded = try load(nil, network: network)
        #expect(
            loaded.errors.map(\.description) == [
                "/etc/sysconfig/kiwi-ltsp: DHCP_IFACES is empty and no interface is up with a private IPv4 address; set DHCP_IFACES"
            ])
    }

    @Test func systemdStubResolverFallsBackToTheUpstreamList() throws {
        let root = try scratchRoot(resolvConf: "nameserver 127.0.0.53\noptions edns0\n")
        try FileManager.default.createDirectory(
            atPath: root.path + "/run/systemd/resolve",
            withIntermediateDirectories: true)
        try "nameserver 198.51.100.7\nnameserver 198.51.100.8\n"
            .write(toFile: root.path + "/run/systemd/resolve/resolv.conf", atomically: true, encoding: .utf8)
        let loaded = try load("", root: root)
        #expect(loaded.configuration.dnsServers.map(\.description) == ["198.51.100.7", "198.51.100.8"])
    }

    @Test func missingResolversWarn() throws {
        let loaded = try load("", root: try scratchRoot(resolvConf: nil))
        #expect(loaded.configuration.dnsServers == [])
        #expect(loaded.warnings.contains { $0.message.contains("clients get no DNS") })
    }

    @Test func natWithoutDefaultRouteWarns() throws {
        let network = FixedNetworkEnvironment(interfaces: labNetwork.fixedInterfaces, defaultRoute: nil)
        let loaded = try load("NAT=yes\n", network: network)
        #expect(loaded.errors == [])
        #expect(
            loaded.warnings.map(\.description)
                == [
                    "/etc/sysconfig/kiwi-ltsp:1: warning: NAT=yes but there is no default route; set NAT_IFACE to the uplink"
                ])
    }

    @Test func loadReadsTheFileUnderTheRoot() throws {
        let root = try scratchRoot()
        try FileManager.default.createDirectory(atPath: root.path + "/etc/sysconfig", withIntermediateDirectories: true)
        try "ARCH=arm64\n".write(toFile: root.path + "/etc/sysconfig/kiwi-ltsp", atomically: true, encoding: .utf8)
        let loaded = ConfigurationLoader(root: root, network: labNetwork).load()
        #expect(loaded.fileExists)
        #expect(loaded.file == root.path + "/etc/sysconfig/kiwi-ltsp")
        #expect(loaded.configuration.arch == "arm64")
        #expect(loaded.setting("ARCH")?.provenance == .file(path: root.path + "/etc/sysconfig/kiwi-ltsp", line: 1))
    }
}
