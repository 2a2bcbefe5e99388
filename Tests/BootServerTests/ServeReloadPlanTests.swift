import LTSPConfig
import Testing

@testable import BootServer

struct ServeReloadPlanTests {
    func configuration(_ text: String) -> ServerConfiguration {
        ConfigurationLoader(network: BootServerTests.network)
            .load(text: "DHCP_IFACES=lab0\nDHCP_RANGE=192.168.67.20,192.168.67.30\n" + text, file: "kiwi-ltsp")
            .configuration
    }

    @Test func reservationsOptionsAndTheTFTPRootApplyLive() {
        let plan = ServeReloadPlan(
            running: configuration(""),
            new: configuration("DHCP_RESERVATIONS=52:54:00:00:00:01,192.168.67.99\nDOMAIN=lab.test\nTFTP_ROOT=/srv/b\n")
        )
        #expect(plan.live.map(\.variable) == ["DHCP_RESERVATIONS", "DOMAIN", "TFTP_ROOT"])
        #expect(plan.needsRestart.isEmpty)
        #expect(plan.changes(.dhcp) && plan.changes(.tftp) && !plan.changes(.nbd))
        #expect(plan.effective.reservations.map(\.address.description) == ["192.168.67.99"])
        #expect(plan.effective.tftpRoot == "/srv/b")
    }

    @Test func addressesAndPortsWaitForARestartAndKeepTheirRunningValue() {
        let running = configuration("")
        let plan = ServeReloadPlan(
            running: running,
            new: configuration("TFTP_PORT=6969\nNBD_PORT=10810\nDHCP_IFACES=jumbo\nARCH=arm64\nAOE_SHELF=3\n"))
        // The AoE target binds its interface (AOE_IFACE follows DHCP_IFACES) and address at start.
        #expect(
            Set(plan.needsRestart.map(\.variable)) == [
                "DHCP_IFACES", "SERVER_IP", "network of DHCP_IFACES",
                "TFTP_LISTEN", "TFTP_PORT", "NBD_PORT", "AOE_IFACE", "AOE_SHELF",
            ])
        #expect(plan.needsRestart.contains { $0.description == "TFTP_PORT 69 -> 6969" })
        #expect(plan.effective.tftpPort == 69)
        #expect(plan.effective.dhcpInterfaces == running.dhcpInterfaces)
        #expect(plan.effective.serverAddress == running.serverAddress)
        #expect(plan.live.map(\.variable) == ["ARCH"])
        #expect(plan.changes(.nbd))
    }

    @Test func anUnchangedFileChangesNothing() {
        let plan = ServeReloadPlan(running: configuration(""), new: configuration(""))
        #expect(plan.isEmpty)
        #expect(plan.effective == configuration(""))
    }
}
