import Foundation
import Lab
import Provisioning
import SystemSupport

/// What `kiwi-ltsp demo --desktop` adds on the server side: a login server in the demo's server namespace (a real
/// sshd with the X11 forwarding drop-in `configure` rendered, and a demo user that exists only there), a small X
/// session for that user, and lts.conf lines that log the user in without a key pressed.
struct DemoDesktop {
    static let user = SessionServer.User(
        name: "demo", uid: 62_042,
        password: "demo-" + String(UInt32.random(in: 100_000...999_999)))
    static let windowName = "kiwi-ltsp-demo"

    let server: SessionServer
    let directory: String

    var sessionScript: String { directory + "/session.sh" }

    init(serverRoot: String, namespace: String) throws {
        let directory = serverRoot + "/desktop"
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        chmod(directory, 0o755)
        try TextFile.writeAtomically(
            """
            #!/bin/sh
            # The demo's X session: one window, drawn by a program on the server, shown on the thin client.
            exec xmessage -name \(Self.windowName) -center -buttons "Log out:0" \\
                "This window is a program on the server $(hostname), run as $USER for the thin client $LTSP_CLIENT."

            """, to: directory + "/session.sh", mode: 0o755)
        server = try SessionServer(
            directory: directory + "/sshd", users: [Self.user], namespace: namespace,
            listen: DemoLab.serverAddress,
            include: serverRoot + "/etc/ssh/sshd_config.d/kiwi-ltsp.conf")
    }

    /// lts.conf for the demo client: ldm on screen 7, logging the demo user in straight away.
    var ltsConfLines: [String] {
        [
            "SCREEN_07 = ldm", "LDM_AUTOLOGIN = True", "LDM_USERNAME = \(Self.user.name)",
            "LDM_PASSWORD = \(Self.user.password)", "LDM_SESSION = \(sessionScript)",
        ]
    }

    /// The clients fetch `KIWI/ssh_known_hosts` with lts.conf and check the server's key against it.
    var knownHosts: String { "\(DemoLab.serverAddress) \(server.hostKey)\n" }

    /// The session's window is on the forwarded display (xwininfo with the user's own X authority).
    func windowShown(namespace: String) -> Bool {
        guard let session = server.processes(of: Self.user).first(where: { $0.command.contains(Self.windowName) }),
            let display = session.environment["DISPLAY"]
        else { return false }
        let outcome = try? SystemProcessRunner().run(
            CommandInvocation([
                "ip", "netns", "exec", namespace, "env", "DISPLAY=\(display)",
                "XAUTHORITY=\(server.home(of: Self.user.name))/.Xauthority", "xwininfo", "-root", "-tree",
            ]))
        return outcome?.output.contains(Self.windowName) == true
    }
}
