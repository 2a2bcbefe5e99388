import DHCP
import Foundation
import NetworkValues
import TestSupport
import Testing

/// Real clients in a network namespace against our server (in this process) on the host end of a veth pair.
/// dhclient, nmap, proxy mode next to dnsmasq and SIGKILL: `Tests/ServeIntegrationTests/DHCPServe*.swift`.
@Suite(.serialized) struct DHCPServerTests {

    @Test func udhcpcGetsAnAddressWithOptionsAndBootFile() async throws {
        try RequiredTool.require(["udhcpc", "ip"])
        let network = try DHCPTestNetwork()
        var configuration = try network.configuration()
        configuration.reservations = [
            DHCPReservation(
                mac: "52:54:00:67:00:01", address: ip("192.168.67.99"),
                hostname: "lab01")
        ]
        let script = try printingScript()
        let events = EventLog()
        try await withDHCPServer(configuration, events: events) {
            let plain = try network.client.exec(["udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "3", "-s", script])
            #expect(plain.stdout.contains("event=bound"))
            #expect(plain.stdout.contains("ip=192.168.67.20 router=192.168.67.1 dns=192.168.67.1"))
            #expect(plain.stdout.contains("domain=lab.test"))
            #expect(plain.stdout.contains("bootfile= "))
            try network.client.exec(["ip", "link", "set", "eth0", "address", "52:54:00:67:00:01"])
            let pxe = try network.client.exec([
                "udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "3", "-s", script,
                "-V", "PXEClient:Arch:00000:UNDI:002001",
            ])
            #expect(pxe.stdout.contains("ip=192.168.67.99"))
            #expect(pxe.stdout.contains("hostname=lab01"))
            #expect(pxe.stdout.contains("boot_file=lpxelinux.0"))
            #expect(pxe.stdout.contains("siaddr=192.168.67.1"))
        }
        let kinds = events.all.map(\.kind)
        #expect(kinds == [.offer, .ack, .offer, .ack])
        #expect(events.all.last?.firmware == "BIOS PXE")
    }

    @Test func leasesSurviveARestart() async throws {
        try RequiredTool.require(["udhcpc", "ip"])
        let network = try DHCPTestNetwork()
        var configuration = try network.configuration()
        let script = try printingScript()
        try await withDHCPServer(configuration) {
            try network.client.exec(["ip", "link", "set", "eth0", "address", "52:54:00:67:00:07"])
            _ = try network.client.exec(["udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "3", "-s", script])
            try network.client.exec(["ip", "link", "set", "eth0", "address", "52:54:00:67:00:08"])
            let second = try network.client.exec(["udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "3", "-s", script])
            #expect(second.stdout.contains("ip=192.168.67.21"))
        }
        configuration.pool = try DHCPRange.parse("192.168.67.20,192.168.67.30,1h").get()
        try await withDHCPServer(configuration) {
            let again = try network.client.exec(["udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "3", "-s", script])
            #expect(again.stdout.contains("ip=192.168.67.21"))
        }
    }

    @Test func proxyModeAnswersOnlyPXEClientsWithoutAnAddress() async throws {
        try RequiredTool.require(["udhcpc", "ip"])
        let network = try DHCPTestNetwork()
        let events = EventLog()
        let script = try printingScript()
        try await withDHCPServer(try network.configuration(mode: .proxy), events: events) {
            // No address server here: a non-PXE client gets nothing at all.
            let plain = try network.client.exec(
                ["udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "2", "-T", "1", "-s", script], check: false)
            #expect(!plain.succeeded)
            // A PXE client gets a proxy offer: udhcpc sees yiaddr 0 and the boot file.
            _ = try network.client.exec(
                [
                    "udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "2", "-T", "1", "-s", script,
                    "-V", "PXEClient:Arch:00007:UNDI:003016",
                ], check: false)
        }
        #expect(events.all.first?.kind == .proxyOffer)
        #expect(events.all.allSatisfy { $0.kind == .proxyOffer || $0.kind == .proxyAck })
        #expect(events.all.first?.bootFile == "ipxe.efi")
        #expect(events.all.first?.address == nil)
    }
}
