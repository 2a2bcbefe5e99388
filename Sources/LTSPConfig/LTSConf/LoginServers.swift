import NetworkValues

/// The servers a thin client trusts with its printers and sound: the login servers (`LDM_SERVER`, `SERVER`) and the
/// boot server, as IPv4 addresses.
public enum LoginServers {
    /// The addresses, and the names that are not addresses (to be reported).
    public static func addresses(_ value: (String) -> String?, bootServer: IPv4Address?)
        -> (addresses: Set<IPv4Address>, unusable: [String])
    {
        var addresses = Set(bootServer.map { [$0] } ?? [])
        var unusable: [String] = []
        for name in ["LDM_SERVER", "SERVER"] {
            for word in (value(name) ?? "").split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
                if let address = IPv4Address(word) { addresses.insert(address) } else { unusable.append(String(word)) }
            }
        }
        return (addresses, unusable)
    }
}
