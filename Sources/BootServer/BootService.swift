import LTSPConfig

/// The boot services `kiwi-ltsp serve` can run in its one process.
public enum BootService: String, CaseIterable, Sendable, Comparable {
    case dhcp
    case tftp
    case nbd
    /// The root image over ATA over Ethernet on AOE_IFACE (ROOT_TYPE=aoe).
    case aoe
    /// The TFTP root over HTTP (iPXE, UEFI HTTP boot).
    case http
    /// IPv6 router advertisements that say "no router here", so iPXE stops waiting for one.
    case ra
    /// The info service ldm asks for sessions, languages and load (TCP 9571), on every login server.
    case ldminfo

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// What `serve` runs without `--only`: DHCP, TFTP, the info service, HTTP unless HTTP_PORT is 0, and NBD or AoE
    /// when the clients' root comes over it. An application server that boots no clients runs `serve --only ldminfo`.
    public static func defaults(for configuration: ServerConfiguration) -> Set<BootService> {
        var services: Set<BootService> = [.dhcp, .tftp, .ldminfo]
        if configuration.rootType == .nbd { services.insert(.nbd) }
        if configuration.rootType == .aoe { services.insert(.aoe) }
        if configuration.httpPort != 0 { services.insert(.http) }
        if configuration.routerAdvertisements { services.insert(.ra) }
        return services
    }

    /// Parses `tftp,dhcp` style lists; names what is unknown.
    public static func parseList(_ text: String) -> Result<Set<BootService>, BootServerError> {
        var services: Set<BootService> = []
        for name in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            guard let service = BootService(rawValue: name.lowercased()) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(.configuration("unknown service '\(name)'; the services are \(known)"))
            }
            services.insert(service)
        }
        return services.isEmpty ? .failure(.configuration("--only needs at least one service")) : .success(services)
    }
}
