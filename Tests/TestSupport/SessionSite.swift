import Foundation
import Lab
import SystemSupport

/// One login server for thin-client sessions in a lab namespace: a real sshd (``SessionServer``) with lab users,
/// `kiwi-ltsp serve --only ldminfo` reporting a small X session and a load of our choosing (its `/proc` files are
/// under its `--root`), and the session itself: a script that shows an xmessage window named `kiwi-test-session`
/// and records its PID, so a test can see the window and end the session as a logout would.
public final class SessionSite: @unchecked Sendable {
    public static let windowName = "kiwi-test-session"

    public let namespace: NetworkNamespace
    public let address: String
    public let server: SessionServer
    public let root: ScratchRoot
    public private(set) var info: ServeProcess?

    public var sessionScript: String { root.path + "/session.sh" }

    /// `load15` sets the rating the info service reports: 100 − ⌊50·load15/8 + 50·used/total⌋ with half the memory
    /// used (load 0 → 75, load 8 → 25).
    public init(
        namespace: NetworkNamespace, address: String, users: [SessionServer.User], load15: Double,
        sshdInclude: String? = nil
    ) throws {
        self.namespace = namespace
        self.address = address
        root = try ScratchRoot("site", settings: ScratchRoot.loopback)
        let files: [(String, String, mode_t)] = [
            (
                "/session.sh",
                """
                #!/bin/sh
                # The lab's X session: one window; its PID says where to end the session.
                echo $$ > "$HOME/session.pid"
                exec xmessage -name \(Self.windowName) -geometry +80+80 "kiwi-ltsp session of $USER on $(hostname)"

                """, 0o755
            ),
            (
                "/usr/share/xsessions/kiwi-test.desktop",
                "[Desktop Entry]\nName=Kiwi test session\nExec=\(root.path)/session.sh\nType=Application\n", 0o644
            ),
            ("/proc/loadavg", "0.00 0.00 \(load15) 1/100 100\n", 0o644),
            ("/proc/meminfo", "MemTotal: 1000000 kB\nMemFree: 500000 kB\nBuffers: 0 kB\nCached: 0 kB\n", 0o644),
            ("/etc/default/locale", "LANG=C.UTF-8\n", 0o644),
        ]
        for (path, text, mode) in files { try TextFile.writeAtomically(text, to: root.path + path, mode: mode) }
        try FileManager.default.createDirectory(atPath: root.path + "/etc/X11", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/etc/X11/Xsession", withDestinationPath: "/etc/X11/Xsession")
        server = try SessionServer(
            directory: root.path + "/sshd", users: users, namespace: namespace.name,
            listen: address, include: sshdInclude)
        chmod(root.path, 0o755)
    }

    deinit { stop() }

    public func start() throws {
        try server.start()
        info = try ServeProcess(
            arguments: ["--root", root.path, "--only", "ldminfo"], namespace: namespace,
            ready: "ldminfo listening")
    }

    public func stop() {
        server.stop()
        _ = try? info?.terminate()
        info = nil
    }

    /// `ADDRESS ssh-ed25519 AAAA...` for a client's known_hosts.
    public var knownHostsLine: String { "\(address) \(server.hostKey)" }

    /// The running session of `user` on this server: the xmessage it shows, with its environment. (Every site's
    /// users have the same uids; the ssh connection in the environment tells the sites apart.)
    public func session(of user: SessionServer.User) -> (pid: pid_t, environment: [String: String])? {
        server.processes(of: user).first { process in
            process.command.contains(Self.windowName)
                && process.environment["SSH_CONNECTION"]?.hasSuffix(" \(address) 22") == true
        }.map { ($0.pid, $0.environment) }
    }

    /// Waits for the session of `user` to be running.
    public func waitForSession(of user: SessionServer.User, timeout: TimeInterval) throws
        -> (pid: pid_t, environment: [String: String])
    {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let session = session(of: user) { return session }
            usleep(200_000)
        }
        throw TestFailure("no session of \(user.name) on \(address) after \(Int(timeout)) s; sshd: \(server.log)")
    }

    /// `xwininfo -root -tree` on the session's display, as the session's user sees it (its DISPLAY and Xauthority).
    public func windows(on environment: [String: String], user: SessionServer.User) throws -> String {
        let display = environment["DISPLAY"] ?? ""
        let result = try namespace.exec(
            [
                "env", "DISPLAY=\(display)",
                "XAUTHORITY=\(server.home(of: user.name))/.Xauthority",
                "xwininfo", "-root", "-tree",
            ], check: false)
        return result.stdout + result.stderr
    }

    /// Whether the session's window shows on its display within `timeout` (a session's program maps its window a
    /// moment after it starts).
    public func showsWindow(
        on environment: [String: String], user: SessionServer.User,
        timeout: TimeInterval = 30
    ) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try windows(on: environment, user: user).contains(Self.windowName) { return true }
            if Date() >= deadline { return false }
            usleep(200_000)
        }
    }

    /// Runs `arguments` as `user` where the sessions run: in sshd's mount namespace (its /etc and its /media, where
    /// the session's FUSE mounts are), with the user's uid and gid and no other groups.
    public func run(as user: SessionServer.User, _ arguments: [String]) throws -> CommandResult {
        guard let pid = server.pid else { throw TestFailure("sshd on \(address) is not running") }
        return try Command.run(
            [
                "nsenter", "-t", String(pid), "-m", "--", "setpriv", "--reuid=\(user.uid)",
                "--regid=\(user.uid)", "--clear-groups", "--",
            ] + arguments)
    }

    /// The mount points in sshd's mount namespace (the sessions' FUSE mounts among them).
    public func mountPoints() throws -> [String] {
        guard let pid = server.pid else { throw TestFailure("sshd on \(address) is not running") }
        return try String(contentsOfFile: "/proc/\(pid)/mounts", encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: " ") }.filter { $0.count > 1 }.map { String($0[1]) }
    }

    /// Ends the session as a logout does: the session's program exits.
    public func endSession(of user: SessionServer.User) {
        if let session = session(of: user) { kill(session.pid, SIGTERM) }
    }
}
