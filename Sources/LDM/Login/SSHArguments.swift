/// The OpenSSH client's argument lists, as arrays: nothing here goes through a shell on the client. The user name is
/// `-l NAME` and the server comes after `--`, so neither can be read as an option. Host keys are checked strictly
/// against the image's (and the boot server's) `ssh_known_hosts` only: root's own known_hosts on a client is nobody's.
public enum SSHArguments {
    public static let knownHostsFile = "/etc/ssh/ssh_known_hosts"
    /// Seconds for the TCP connection (LTSP 5: 10).
    public static let connectTimeout = 10

    /// The master connection: logs in on a terminal (ldm reads its prompts), keeps a shell on the server open for
    /// as long as the user is logged in, and carries the session, xauth and every other command (`-S`).
    /// `forwardX`: X11 forwarding (`-Y`), off with LDM_DIRECTX (`-x`). The remote command prints `sentinel`, which
    /// tells ldm the login is complete.
    public static func master(
        _ target: SSHLoginTarget, socket: String, forwardX: Bool, sentinel: String,
        knownHosts: String = knownHostsFile
    ) -> [String] {
        var arguments = [
            "ssh", forwardX ? "-Y" : "-x", "-t", "-M", "-S", socket,
            "-o", "ControlPersist=no",
            "-o", "NumberOfPasswordPrompts=1",
            "-o", "ConnectTimeout=\(connectTimeout)",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "GlobalKnownHostsFile=\(knownHosts)",
            "-o", "UserKnownHostsFile=/dev/null",
            "-o", "ServerAliveInterval=15",
            "-o", "ServerAliveCountMax=4",
            "-l", target.user.text,
        ]
        if let port = target.port { arguments += ["-p", String(port)] }
        arguments += target.options
        arguments += ["--", target.server, "echo \(sentinel); exec /bin/sh -"]
        return arguments
    }

    /// A command on the server through the master connection, on a terminal (`-t`) when it is the session, so it
    /// gets SIGHUP when the connection ends.
    public static func command(
        _ target: SSHLoginTarget, socket: String, forwardX: Bool, terminal: Bool,
        _ command: String
    ) -> [String] {
        [
            "ssh", forwardX ? "-Y" : "-x", terminal ? "-tt" : "-T", "-S", socket, "-o", "ControlMaster=no",
            "-l", target.user.text, "--", target.server, command,
        ]
    }

    /// Asks the master to end, which closes the user's connection and every forwarding.
    public static func exit(_ target: SSHLoginTarget, socket: String) -> [String] {
        ["ssh", "-S", socket, "-O", "exit", "-l", target.user.text, "--", target.server]
    }
}
