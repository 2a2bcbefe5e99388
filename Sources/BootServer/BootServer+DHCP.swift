import DHCP
import LTSPConfig

extension BootServer {
    /// The DHCP service for `DHCP_MODE` full or proxy; nil when DHCP is off. Its events go to the timeline.
    func makeDHCPServer() throws -> DHCPServer? {
        guard let dhcp = try makeDHCPConfiguration(for: configuration) else { return nil }
        let timeline = self.timeline
        return DHCPServer(configuration: dhcp, logger: serviceLogger("dhcp"), onEvent: { timeline.dhcp($0) })
    }

    /// The DHCP server's configuration from `configuration` (the running one, or a reloaded one); nil when DHCP is
    /// off.
    func makeDHCPConfiguration(for configuration: ServerConfiguration) throws -> DHCPServerConfiguration? {
        let mode: DHCPServerConfiguration.Mode
        switch configuration.dhcpMode {
        case .full: mode = .full
        case .proxy: mode = .proxy
        case .off: return nil
        }
        guard let server = configuration.serverAddress, let network = configuration.clientNetwork else {
            throw BootServerError.configuration(
                "DHCP needs the server address and its network; set DHCP_IFACES to an interface with an IPv4 address")
        }
        let dhcp = DHCPServerConfiguration(
            mode: mode, interfaces: configuration.dhcpInterfaces, serverAddress: server, network: network,
            pool: configuration.dhcpRange, router: configuration.router, dnsServers: configuration.dnsServers,
            domain: configuration.domain.isEmpty ? nil : configuration.domain,
            reservations: configuration.reservations,
            bootFiles: DHCPBootFiles(
                bios: configuration.bootFileBIOS, uefi64: configuration.bootFileUEFI,
                arm64: configuration.bootFileARM64, httpUEFI64: configuration.bootFileUEFI,
                httpBaseURL: "http://\(server):\(configuration.httpPort)/",
                httpBoot: services.contains(.http) && configuration.httpPort != 0,
                ipxeScript: configuration.ipxeScript),
            leaseDirectory: root.resolve(configuration.stateDirectory))
        do {
            try dhcp.validate()
        } catch {
            throw BootServerError.configuration("DHCP: \(error)")
        }
        return dhcp
    }
}
