import LTSPConfig

/// `/etc/sysctl.d/90-kiwi-ltsp.conf` (sysctl.d(5)): IPv4 forwarding for the clients when IP_FORWARD=yes.
/// With IP_FORWARD=no the file sets nothing, so switching it off takes back our setting at the next boot.
public enum SysctlRenderer {
    public static let path = "/etc/sysctl.d/90-kiwi-ltsp.conf"

    public static func render(_ configuration: ServerConfiguration) -> String {
        var lines = GeneratedHeader.lines("sysctl: forwarding for the KIWI-LTSP thin clients.")
        lines +=
            configuration.ipForward
            ? ["net.ipv4.ip_forward = 1"]
            : ["# IP_FORWARD=no: forwarding is left as the system sets it."]
        return lines.fileText
    }
}
