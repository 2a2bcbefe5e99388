/// `/etc/ssh/sshd_config.d/kiwi-ltsp.conf`: what thin-client sessions need from the server's OpenSSH. ldm logs users
/// in over ssh and runs their X session through the same connection with X11 forwarding, which OpenSSH's own default
/// leaves off. Debian's sshd_config reads the drop-ins first, so these values win over later lines.
public enum SSHDConfigRenderer {
    public static let path = "/etc/ssh/sshd_config.d/kiwi-ltsp.conf"
    public static let mainConfigPath = "/etc/ssh/sshd_config"

    public static func render() -> String {
        var lines = GeneratedHeader.lines("sshd: X11 forwarding for the thin clients' sessions (ldm).")
        lines += [
            "# ldm asks for trusted forwarding (ssh -Y); sshd then runs xauth for the user, which must be installed.",
            "X11Forwarding yes",
            "# The forwarded display listens on the server's loopback only.",
            "X11UseLocalhost yes",
            "# The session's language comes from the greeter.",
            "AcceptEnv LANG LC_*",
        ]
        return lines.fileText
    }

    /// sshd reads `path` only through an Include in its main file (Debian 12 has `Include /etc/ssh/sshd_config.d/*.conf`).
    public static func includesDropIns(mainConfig text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0].lowercased() == "include" else { return false }
            return words.dropFirst().contains {
                $0.hasPrefix("/etc/ssh/sshd_config.d/") || $0.hasPrefix("sshd_config.d/")
            }
        }
    }
}
