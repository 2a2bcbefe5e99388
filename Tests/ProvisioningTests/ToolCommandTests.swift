import SystemSupport
import Testing

@testable import Provisioning

struct ToolCommandTests {
    @Test func argumentLists() {
        #expect(
            ToolCommand.generateHostKeys(root: RootDirectory("/tmp/r")).arguments
                == ["ssh-keygen", "-A", "-f", "/tmp/r"])
        #expect(ToolCommand.generateHostKeys(root: RootDirectory("/")).arguments == ["ssh-keygen", "-A"])
        #expect(
            ToolCommand.loadFirewall(file: "/etc/nftables.d/kiwi-ltsp.nft")
                == CommandInvocation(["nft", "-f", "/etc/nftables.d/kiwi-ltsp.nft"], touchesHost: true))
        #expect(ToolCommand.checkFirewall(file: "/f").arguments == ["nft", "-c", "-f", "/f"])
        #expect(
            ToolCommand.loadSysctl(file: "/etc/sysctl.d/90-kiwi-ltsp.conf")
                == CommandInvocation(["sysctl", "-p", "/etc/sysctl.d/90-kiwi-ltsp.conf"], touchesHost: true))
        #expect(ToolCommand.checkDnsmasq(file: "/f").arguments == ["dnsmasq", "--test", "-C", "/f"])
    }

    @Test func descriptionQuotesOnlyWhatNeedsIt() {
        #expect(
            CommandInvocation(["ssh-keygen", "-q", "-N", "", "-f", "/a b"]).description
                == "ssh-keygen -q -N '' -f '/a b'")
    }

    @Test func planRunsKeysFirstThenFirewallAndSysctl() throws {
        let plan = try ProvisioningPlanner().plan(
            Fixture.input(
                try Fixture.configuration("DNS_SERVERS=192.0.2.53"),
                root: RootDirectory("/tmp/r")))
        #expect(plan.preparation.map(\.invocation.arguments) == [["ssh-keygen", "-A", "-f", "/tmp/r"]])
        #expect(
            plan.commands.map(\.invocation.arguments) == [
                ["nft", "-f", "/tmp/r/etc/nftables.d/kiwi-ltsp.nft"],
                ["sysctl", "-p", "/tmp/r/etc/sysctl.d/90-kiwi-ltsp.conf"],
                ["systemd-tmpfiles", "--create", "/tmp/r/etc/tmpfiles.d/kiwi-ltsp-media.conf"],
            ])
    }
}
