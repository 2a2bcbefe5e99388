import NetworkValues
import Testing
import ThinClient

struct BootInterfaceTests {
    static let loopback = NetworkInterface(
        name: "lo", isLoopback: true,
        ipv4: [IPv4Network(address: IPv4Address(0x7f00_0001), prefixLength: 8)])
    static let first = NetworkInterface(name: "eth0", ipv4: [network("10.0.0.5", 8)], mac: "52:54:00:00:00:01")
    static let second = NetworkInterface(name: "eth1", ipv4: [network("192.168.67.20", 24)], mac: "52:54:00:00:00:02")
    static let down = NetworkInterface(
        name: "eth2", isUp: false, ipv4: [network("172.16.0.2", 16)],
        mac: "52:54:00:00:00:03")
    static let bare = NetworkInterface(name: "eth3", mac: "52:54:00:00:00:04")

    static func network(_ text: String, _ prefix: Int) -> IPv4Network {
        IPv4Network(address: IPv4Address(text) ?? IPv4Address(0), prefixLength: prefix)
    }

    @Test func bootInterfaceWins() {
        let chosen = BootInterface.choose(from: [Self.loopback, Self.first, Self.second], bootMAC: "52:54:00:00:00:02")
        #expect(
            chosen
                == BootInterface(
                    name: "eth1", address: Self.network("192.168.67.20", 24),
                    mac: "52:54:00:00:00:02"))
    }

    @Test func withoutBootIFTheFirstUpInterfaceWithAnAddress() {
        #expect(
            BootInterface.choose(
                from: [Self.loopback, Self.down, Self.bare, Self.first, Self.second],
                bootMAC: nil)?.name == "eth0")
        #expect(BootInterface.choose(from: [Self.loopback, Self.first], bootMAC: "52:54:00:99:99:99")?.name == "eth0")
    }

    @Test func bootInterfaceWithoutAnAddressStillGivesTheMAC() {
        let chosen = BootInterface.choose(from: [Self.loopback, Self.bare], bootMAC: "52:54:00:00:00:04")
        #expect(chosen == BootInterface(name: "eth3", address: nil, mac: "52:54:00:00:00:04"))
        #expect(BootInterface.choose(from: [Self.loopback, Self.down], bootMAC: nil) == nil)
    }
}
