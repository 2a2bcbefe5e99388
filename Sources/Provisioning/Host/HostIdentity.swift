import Glibc
import LTSPConfig
import NetworkValues
import SystemSupport

/// How clients may name this server: its host name and every address of the client-facing interfaces.
/// Clients check the server against these names in `ssh_known_hosts`, so rerun `kiwi-ltsp configure` when one changes.
public struct HostIdentity: Equatable, Sendable {
    /// The host name as `hostname` prints it (may be fully qualified).
    public var hostname: String
    /// Addresses of DHCP_IFACES besides SERVER_IP, in interface order.
    public var addresses: [IPv4Address]

    public init(hostname: String, addresses: [IPv4Address] = []) {
        self.hostname = hostname
        self.addresses = addresses
    }

    /// The identity of the machine under `root`: `/etc/hostname` under a scratch root, else gethostname(2);
    /// addresses from `network` for the configuration's client interfaces.
    public static func current(
        configuration: ServerConfiguration, root: RootDirectory,
        network: any NetworkEnvironment
    ) -> HostIdentity {
        var name = ""
        if root.path != "/", let text = try? TextFile.read(root.resolve("/etc/hostname")) {
            name = text.trimmed()
        } else {
            var buffer = [CChar](repeating: 0, count: 256)
            if gethostname(&buffer, buffer.count) == 0 {
                name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        let interfaces = network.interfaces()
        let addresses = configuration.dhcpInterfaces.flatMap { name in
            interfaces.first { $0.name == name }?.ipv4.map(\.address) ?? []
        }
        return HostIdentity(hostname: name, addresses: addresses)
    }

    /// Every name for `ssh_known_hosts`: server address first, then host name, short name, other addresses.
    public func knownHostNames(serverAddress: IPv4Address?) -> [String] {
        var names: [String] = []
        func add(_ name: String) { if !name.isEmpty && !names.contains(name) { names.append(name) } }
        if let serverAddress { add(serverAddress.description) }
        add(hostname)
        if let dot = hostname.firstIndex(of: ".") { add(String(hostname[..<dot])) }
        for address in addresses where !address.isLoopback { add(address.description) }
        return names
    }
}
