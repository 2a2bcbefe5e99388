import LTSPConfig

/// The boot services `kiwi-ltsp serve` can run in its one process.
public enum BootService: String, CaseIterable, Sendable, Comparable {
    case dhcp
    case tftp
    case nbd
    /// The info service ldm asks for sessions, languages and load (TCP 9571), on every login server.
    case ldminfo

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// What `serve` runs without `--only`: DHCP, TFTP and the info service, and NBD when the clients' root comes
    /// over NBD. An application server that boots no clients runs `serve --only ldminfo`.
    public static func defaults(for configuration: ServerConfiguration) -> Set<BootService> {
        configuration.rootType == .nbd ? [.dhcp, .tftp, .nbd, .ldminfo] : [.dhcp, .tftp, .ldminfo]
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
