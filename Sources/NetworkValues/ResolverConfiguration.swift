import SystemSupport
import Glibc
/// The host's DNS resolvers from resolv.conf(5). When the only resolver is a local stub (systemd-resolved's
/// 127.0.0.53), the upstream list in `/run/systemd/resolve/resolv.conf` is used, since clients cannot reach a stub
/// that listens on the server's loopback.
public enum ResolverConfiguration {
    public static func nameservers(in text: String) -> [IPv4Address] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { return nil }
            return IPv4Address(fields[1])
        }
    }

    /// Resolvers usable by clients, read under `root`.
    public static func clientUsableNameservers(root: RootDirectory) -> [IPv4Address] {
        for path in ["/etc/resolv.conf", "/run/systemd/resolve/resolv.conf"] {
            guard let text = try? TextFile.read(root.resolve(path)) else { continue }
            let usable = nameservers(in: text).filter { !$0.isLoopback }
            if !usable.isEmpty { return usable }
        }
        return []
    }
}
