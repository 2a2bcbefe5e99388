import Foundation
import LTSPConfig
import NetworkValues
import SystemSupport

@testable import Provisioning

/// A lab server: eth0 is the uplink with the default route, eth1 faces the clients (with a second address).
let labNetwork = FixedNetworkEnvironment(
    interfaces: [
        NetworkInterface(
            name: "lo", isLoopback: true, ipv4: [IPv4Network(address: IPv4Address("127.0.0.1")!, prefixLength: 8)]),
        NetworkInterface(
            name: "eth0", ipv4: [IPv4Network(address: IPv4Address("203.0.113.5")!, prefixLength: 24)],
            mac: "52:54:00:00:00:01", mtu: 1500),
        NetworkInterface(
            name: "eth1",
            ipv4: [
                IPv4Network(address: IPv4Address("192.168.67.1")!, prefixLength: 24),
                IPv4Network(address: IPv4Address("192.168.68.1")!, prefixLength: 24),
            ],
            mac: "52:54:00:00:00:02", mtu: 1500),
    ], defaultRoute: "eth0")

let labHost = HostIdentity(
    hostname: "kiwi.lab.example",
    addresses: [
        IPv4Address("192.168.67.1")!,
        IPv4Address("192.168.68.1")!,
    ])
let labKeys = [
    SSHHostKey(type: "ssh-ed25519", base64: "AAAAC3NzaC1lZDI1NTE5AAAAIFixedTestKeyForGoldenFilesOnly0000000000"),
    SSHHostKey(type: "ecdsa-sha2-nistp256", base64: "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYFixedTestKey"),
]

/// Small stand-ins for the boot loader binaries, so unit tests need no packages.
let fakeBootLoaders = BootLoaderFile.catalog.enumerated().map { index, file in
    BootLoaderImage(file: file, bytes: [0x7f, 0x00, UInt8(index), 0xff] + Array(file.target.utf8))
}

enum Fixture {
    /// Loads `text` as `/etc/sysconfig/kiwi-ltsp` against the lab network; resolv.conf is not consulted when
    /// DNS_SERVERS is set, so every fixture sets it.
    static func configuration(
        _ text: String, network: any NetworkEnvironment = labNetwork,
        root: RootDirectory = RootDirectory("/nonexistent-kiwi-ltsp-root")
    ) throws
        -> ServerConfiguration
    {
        let loaded = ConfigurationLoader(root: root, network: network).load(
            text: text, file: "/etc/sysconfig/kiwi-ltsp")
        guard loaded.isValid else { throw FixtureError("invalid fixture: \(loaded.errors)") }
        return loaded.configuration
    }

    static func input(
        _ configuration: ServerConfiguration, root: RootDirectory = RootDirectory(),
        keys: [SSHHostKey] = labKeys
    ) -> ProvisioningPlanner.Input {
        ProvisioningPlanner.Input(
            configuration: configuration, host: labHost, hostKeys: keys,
            bootLoaders: fakeBootLoaders, executable: "/usr/sbin/kiwi-ltsp", root: root)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
