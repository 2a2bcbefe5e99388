import LTSPConfig
import NetworkValues
import SystemSupport
import Testing

@testable import Provisioning

/// One scenario per combination worth a file: root type × DHCP mode × boot services. Each planned text file of
/// the scenario is compared with `Golden/<scenario>/<path with / as _>`.
struct RendererGoldenTests {
    static let scenarios: [(String, String)] = [
        (
            "nbd-full-builtin",
            """
            DNS_SERVERS="192.0.2.53"
            """
        ),
        (
            "nbd-full-dnsmasq",
            """
            BOOT_SERVICES=dnsmasq
            DNS_SERVERS="192.0.2.53 192.0.2.54"
            DOMAIN=lab.example
            DHCP_RESERVATIONS="52:54:00:12:34:56,192.168.67.50,front-desk 52:54:00:12:34:57,192.168.67.51"
            KERNEL_OPTIONS="quiet splash"
            """
        ),
        (
            "aoe-proxy-dnsmasq",
            """
            BOOT_SERVICES=dnsmasq
            ROOT_TYPE=aoe
            DHCP_MODE=proxy
            DNS_SERVERS="192.0.2.53"
            AOE_SHELF=3
            AOE_SLOT=7
            """
        ),
        (
            "nfs-off-dnsmasq",
            """
            BOOT_SERVICES=dnsmasq
            ROOT_TYPE=nfs
            DHCP_MODE=off
            NAT=no
            IP_FORWARD=no
            DNS_SERVERS="192.0.2.53"
            ARCH=i386
            """
        ),
        (
            "nfs-full-builtin",
            """
            ROOT_TYPE=nfs
            DNS_SERVERS="192.0.2.53"
            """
        ),
        (
            "nfs-full-ganesha",
            """
            ROOT_TYPE=nfs
            NFS_SERVER=ganesha
            DNS_SERVERS="192.0.2.53"
            """
        ),
        (
            "nbd-full-dnsmasq-noipxe",
            """
            BOOT_SERVICES=dnsmasq
            IPXE_SCRIPT=none
            DNS_SERVERS="192.0.2.53"
            """
        ),
        (
            "nbd-proxy-dnsmasq-noipxe",
            """
            BOOT_SERVICES=dnsmasq
            DHCP_MODE=proxy
            IPXE_SCRIPT=none
            DNS_SERVERS="192.0.2.53"
            """
        ),
        (
            "aoe-off-builtin",
            """
            ROOT_TYPE=aoe
            DHCP_MODE=off
            NAT=no
            DNS_SERVERS="192.0.2.53"
            TFTP_ROOT=/var/lib/tftpboot
            """
        ),
        (
            "nbd-full-builtin-i386",
            """
            DNS_SERVERS="192.0.2.53"
            EXTRA_ARCHES="i386"
            """
        ),
        (
            "nbd-full-dnsmasq-amd64",
            """
            BOOT_SERVICES=dnsmasq
            DNS_SERVERS="192.0.2.53"
            ARCH=i386
            EXTRA_ARCHES="amd64"
            BOOT_MENU_TIMEOUT=5
            """
        ),
    ]

    @Test(arguments: scenarios.map(\.0))
    func plannedFilesMatchTheirGoldenFiles(scenario: String) throws {
        let text = try #require(Self.scenarios.first { $0.0 == scenario }?.1)
        let plan = try ProvisioningPlanner().plan(Fixture.input(try Fixture.configuration(text)))
        for write in plan.writes where write.isText {
            let name = scenario + "/" + write.path.dropFirst().replacingOccurrences(of: "/", with: "_")
            try Golden.check(write.text, name)
        }
    }

    @Test func everyRendererHasAGoldenFileSomewhere() throws {
        var paths: Set<String> = []
        for (_, text) in Self.scenarios {
            let plan = try ProvisioningPlanner().plan(Fixture.input(try Fixture.configuration(text)))
            paths.formUnion(plan.writes.filter(\.isText).map { TextFile.baseName(of: $0.path) })
        }
        #expect(
            paths.isSuperset(of: [
                "default", "boot.ipxe", "grub.cfg", "lts.conf", "ssh_known_hosts",
                "kiwi-ltsp.service", "kiwi-ltsp-vblade.service", "kiwi-ltsp.conf", "config",
                "kiwi-ltsp.exports", "kiwi-ltsp.nft", "90-kiwi-ltsp.conf",
            ]))
    }

    @Test func bootMenuOffersOtherRootTypesOnlyWhenAsked() throws {
        let configuration = try Fixture.configuration("DNS_SERVERS=192.0.2.53\nROOT_TYPE=nfs")
        #expect(BootMenu(configuration: configuration).entries.map(\.id) == ["ltsp-nfs"])
        let menu = BootMenu(configuration: configuration, rootTypes: [.nbd, .nfs, .aoe])
        #expect(menu.entries.map(\.id) == ["ltsp-nfs", "ltsp-nbd", "ltsp-aoe"])
        let text = PXELinuxConfigRenderer.render(configuration, menu: menu)
        #expect(text.components(separatedBy: "MENU DEFAULT").count == 2)
    }

    @Test func kernelCommandLineIsTheInitrdContract() throws {
        let configuration = try Fixture.configuration(
            """
            DNS_SERVERS=192.0.2.53
            NBD_PORT=10810
            AOE_SHELF=2
            AOE_SLOT=9
            KERNEL_OPTIONS="quiet  loglevel=3"
            """)
        #expect(
            KernelCommandLine.text(for: .nbd, configuration: configuration)
                == "root=/dev/nbd0 nbdroot=192.168.67.1:10810/amd64 ltsp.server=192.168.67.1 quiet loglevel=3")
        #expect(
            KernelCommandLine.text(for: .aoe, configuration: configuration)
                == "root=/dev/etherd/e2.9 ltsp.server=192.168.67.1 quiet loglevel=3")
        #expect(
            KernelCommandLine.text(for: .nfs, configuration: configuration)
                == "root=/dev/nfs nfsroot=192.168.67.1:/srv/kiwi-ltsp-nfs-amd64,ro ltsp.server=192.168.67.1 quiet loglevel=3"
        )
    }

    @Test func knownHostsNamesEveryAddressAndName() {
        let names = labHost.knownHostNames(serverAddress: IPv4Address("192.168.67.1"))
        #expect(names == ["192.168.67.1", "kiwi.lab.example", "kiwi", "192.168.68.1"])
        let text = KnownHostsRenderer.render(names: names, keys: labKeys)
        #expect(text.contains("\n192.168.67.1,kiwi.lab.example,kiwi,192.168.68.1 ssh-ed25519 AAAAC3"))
    }

    @Test func ltsConfParsesWithTheClientParser() throws {
        let configuration = try Fixture.configuration("DNS_SERVERS=192.0.2.53")
        let document = try LTSConfParser().parse(LTSConfRenderer.render(configuration), file: "lts.conf")
        let defaults = try #require(document.section(named: "default"))
        #expect(defaults.entries.map(\.key) == ["SCREEN_07", "LDM_DIRECTX", "SOUND", "LOCALDEV"])
        #expect(document.section(named: "classroom") != nil)
    }

    @Test func planWithoutServerAddressIsRefused() throws {
        var configuration = try Fixture.configuration("DNS_SERVERS=192.0.2.53")
        configuration.serverAddress = nil
        #expect(throws: ProvisioningError.self) { try ProvisioningPlanner().plan(Fixture.input(configuration)) }
    }
}
