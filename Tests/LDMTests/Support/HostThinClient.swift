import Foundation
import SystemSupport
import TestSupport

/// ldm as a thin client runs it, but on this host in a network namespace: the real `ldm` and `ldm-greeter`, the
/// real OpenSSH client, with Xvfb standing in for Xorg (a wrapper drops Xorg's `vtNN` argument, which Xvfb does not
/// take). Keys are typed into the greeter with xdotool; ldm's console lines go to a log.
final class HostThinClient: @unchecked Sendable {
    static let tools = [
        "Xvfb", "xdotool", "ssh", "xauth", "xwininfo", "xmessage", "sshd", "useradd", "chpasswd",
        "unshare", "nc",
    ]

    let namespace: NetworkNamespace
    let directory: TestDirectory
    let screen: Int
    let process: BackgroundProcess

    var screenText: String { screen < 10 ? "0\(screen)" : String(screen) }
    var runDirectory: String { directory.path + "/run" }
    var authority: String { "\(runDirectory)/\(screenText)/Xauthority" }

    /// Starts ldm with `variables` as its resolved lts.conf, `knownHosts` as the servers' keys and `hooks` (name →
    /// script) in its rc.d. `arch` picks the ldm build (i386: `scripts/build-clients-i386`'s); the greeter is always
    /// this host's, which has no 32-bit X libraries.
    init(
        namespace: NetworkNamespace, variables: [String: String], knownHosts: [String], bootServer: String,
        hooks: [String: String] = [:], arch: String = "amd64"
    ) throws {
        let ldm = BuiltProducts.executable("ldm", arch: arch)
        guard FileManager.default.isExecutableFile(atPath: ldm) else { throw TestFailure("build it first: \(ldm)") }
        self.namespace = namespace
        directory = try TestDirectory("ldm-client")
        screen = try Self.freeDisplay()
        try directory.write(
            "ltsp_config",
            variables.sorted { $0.key < $1.key }
                .map { "\($0.key)=\(ShellQuoting.doubleQuoted($0.value))\n" }.joined())
        try directory.write("known_hosts", knownHosts.joined(separator: "\n") + "\n")
        try directory.write(
            "xserver",
            """
            #!/bin/sh
            # Xorg's command line for Xvfb: without vtNN, with a screen size.
            display=$1; shift
            for argument; do shift; case $argument in vt[0-9]*) ;; *) set -- "$@" "$argument" ;; esac; done
            exec Xvfb "$display" -screen 0 1024x768x24 "$@"

            """)
        chmod(directory.path + "/xserver", 0o755)
        try FileManager.default.createDirectory(atPath: directory.path + "/hooks", withIntermediateDirectories: true)
        for (name, script) in hooks { try directory.write("hooks/\(name)", script) }
        process = try BackgroundProcess([
            "ip", "netns", "exec", namespace.name, ldm, "--screen", String(screen),
            "--config", directory.path + "/ltsp_config", "--server", bootServer,
            "--greeter", BuiltProducts.executable("ldm-greeter"), "--xserver", directory.path + "/xserver",
            "--hooks", directory.path + "/hooks", "--known-hosts", directory.path + "/known_hosts",
            "--run-dir", directory.path + "/run",
        ])
    }

    deinit { process.stop() }

    /// A display number no X server on this host uses (the socket directory is shared by every namespace).
    static func freeDisplay() throws -> Int {
        for _ in 0..<50 {
            let number = Int.random(in: 20...62)
            if !FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)") { return number }
        }
        throw TestFailure("no free X display number")
    }

    var log: String { process.log }

    /// Waits until ldm's log shows `text` `count` times.
    func waitForLog(_ text: String, count: Int = 1, timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while log.components(separatedBy: text).count - 1 < count {
            guard Date() < deadline else { throw TestFailure("no '\(text)' (×\(count)) in ldm's log:\n\(log)") }
            usleep(100_000)
        }
    }

    /// Types `text` and presses Enter in the greeter.
    func enter(_ text: String) throws {
        try xdotool(["type", "--delay", "15", "--", text])
        try xdotool(["key", "Return"])
    }

    func xdotool(_ arguments: [String]) throws {
        try namespace.exec(["env", "DISPLAY=:\(screen)", "XAUTHORITY=\(authority)", "xdotool"] + arguments)
    }

    /// `xwininfo -root -tree` of the client's own X server, from inside the client.
    func windows() throws -> String {
        try namespace.exec(["env", "DISPLAY=:\(screen)", "XAUTHORITY=\(authority)", "xwininfo", "-root", "-tree"])
            .stdout
    }
}
