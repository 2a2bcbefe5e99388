import NetworkValues
import Testing

@testable import LTSPConfig

struct IPv4AddressTests {
    @Test(arguments: ["192.168.67.1", "0.0.0.0", "255.255.255.255", "10.0.0.20"])
    func roundTrip(text: String) {
        #expect(IPv4Address(text)?.description == text)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "a.b.c.d", "1..2.3", " 1.2.3.4", "1.2.3.-4"])
    func rejects(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test(arguments: [
        ("10.1.2.3", true), ("172.16.0.1", true), ("172.31.255.255", true), ("172.32.0.1", false),
        ("192.168.0.1", true), ("192.169.0.1", false), ("192.0.2.2", false), ("8.8.8.8", false),
    ])
    func privateRanges(text: String, isPrivate: Bool) {
        #expect(IPv4Address(text)?.isPrivate == isPrivate)
    }

    @Test func networkArithmetic() throws {
        let network = IPv4Network(address: try #require(IPv4Address("192.168.67.1")), prefixLength: 24)
        #expect(network.networkAddress.description == "192.168.67.0")
        #expect(network.broadcastAddress.description == "192.168.67.255")
        #expect(network.netmask.description == "255.255.255.0")
        #expect(network.contains(try #require(IPv4Address("192.168.67.250"))))
        #expect(!network.contains(try #require(IPv4Address("192.168.68.1"))))
    }
}
