import SystemSupport

/// `ssh_known_hosts` (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT") naming the server by every address and name clients
/// may use, one line per host key: `name1,name2 TYPE BASE64`. The image builder writes the same file into the image.
public enum KnownHostsRenderer {
    /// Inside the client chroot.
    public static let chrootPath = "/etc/ssh/ssh_known_hosts"
    /// Relative to TFTP_ROOT: clients fetch it at boot like lts.conf, so an address change needs no image rebuild.
    public static let tftpPath = KiwiPaths.knownHosts

    public static func render(names: [String], keys: [SSHHostKey]) -> String {
        var lines = GeneratedHeader.lines("ssh: the KIWI-LTSP server's host keys, so clients can identify it.")
        lines.append("# Rerun `kiwi-ltsp configure` when an address or the host name of the server changes.")
        if keys.isEmpty { lines.append("# No host keys yet: `ssh-keygen -A` makes them on the next run.") }
        let joined = names.joined(separator: ",")
        lines += keys.map { "\(joined) \($0.type) \($0.base64)" }
        return lines.fileText
    }
}
