import Foundation
import Lab
import Testing
import TestSupport

/// ldm end to end on this host: the greeter on Xvfb, typed into with xdotool, logging in with the real OpenSSH
/// client to real sshd servers in other namespaces, the X session running there. The same behaviour is proven on a
/// PXE-booted client under qemu in ImageBootTests (slower); these run in seconds.
@Suite(.serialized)
struct LDMLoginTests {
    static let alice = SessionServer.User(name: "kiwialice", uid: 4311, password: "alice-pass-1")
    static let bob = SessionServer.User(name: "kiwibob", uid: 4312, password: "bob-old-pass-1", expired: true)

    /// A client namespace with a veth pair to each server namespace: 10.77.N.2 (client) – 10.77.N.1 (server N).
    final class Lab {
        let client: NetworkNamespace
        var sites: [SessionSite] = []

        init(loads: [Double]) throws {
            client = try NetworkNamespace(prefix: "ldmc")
            for (index, load) in loads.enumerated() {
                let number = index + 1
                let namespace = try NetworkNamespace(prefix: "ldms\(number)")
                try client.exec([
                    "ip", "link", "add", "c\(number)", "type", "veth", "peer", "name", "s\(number)",
                    "netns", namespace.name,
                ])
                try client.exec(["ip", "addr", "add", "10.77.\(number).2/24", "dev", "c\(number)"])
                try client.exec(["ip", "link", "set", "c\(number)", "up"])
                try namespace.exec(["ip", "addr", "add", "10.77.\(number).1/24", "dev", "s\(number)"])
                try namespace.exec(["ip", "link", "set", "s\(number)", "up"])
                let site = try SessionSite(
                    namespace: namespace, address: "10.77.\(number).1",
                    users: [LDMLoginTests.alice, LDMLoginTests.bob], load15: load)
                try site.start()
                sites.append(site)
            }
        }

        deinit { sites.forEach { $0.stop() } }

        func client(
            _ variables: [String: String], hooks: [String: String] = [:], arch: String = "amd64"
        ) throws -> HostThinClient {
            try HostThinClient(
                namespace: client, variables: variables, knownHosts: sites.map(\.knownHostsLine),
                bootServer: sites[0].address, hooks: hooks, arch: arch)
        }
    }

    func requireTools() throws { try RequiredTool.require(HostThinClient.tools) }

    /// Run with the amd64 ldm and the i386 one (Embedded Swift), each beside this host's greeter.
    @Test(arguments: BuiltProducts.clientArches) func typedLoginWrongPasswordLogoutAndAnExpiredPassword(arch: String)
        throws
    {
        try requireTools()
        let lab = try Lab(loads: [0])
        let site = lab.sites[0]
        let client = try lab.client(["LDM_SESSION": site.sessionScript], arch: arch)
        try client.waitForLog("greeter ready")

        // A name that would be an ssh option is refused before ssh runs.
        let marker = client.directory.path + "/proxy-command-ran"
        try client.enter("-oProxyCommand=touch \(marker)")
        try client.waitForLog("user name refused before ssh: A user name cannot start with '-' or '.'.")
        #expect(!FileManager.default.fileExists(atPath: marker))

        // A wrong password: ssh's message, and the greeter stays on the same X server.
        try client.enter(Self.alice.name)
        try client.waitForLog("greeter asks: \(Self.alice.name)@10.77.1.1's password:")
        try client.enter("wrong-password")
        try client.waitForLog(
            "login failed: \(Self.alice.name)@10.77.1.1: \(Self.alice.name)@10.77.1.1: Permission denied")
        try client.enter(Self.alice.name)
        try client.waitForLog("greeter asks:", count: 2)
        try client.enter(Self.alice.password)
        try client.waitForLog("logged in: \(Self.alice.name)@10.77.1.1")
        #expect(client.log.components(separatedBy: "X ready").count == 2, "X was started once: \(client.log)")

        let session = try site.waitForSession(of: Self.alice, timeout: 30)
        #expect(session.environment["LTSP_CLIENT"] == "10.77.1.2")
        #expect(session.environment["LTSP_CLIENT_HOSTNAME"] != nil)
        #expect(session.environment["LTSP_CLIENT_MAC"]?.count == 17)
        #expect(session.environment["DISPLAY"]?.hasPrefix("localhost:") == true, "X forwarding: \(session.environment)")
        #expect(try site.showsWindow(on: session.environment, user: Self.alice))
        #expect(try client.windows().contains("Xmessage"), "the window shows on the client's screen")

        // Logout: the session ends, the greeter is back, the user's socket is gone.
        site.endSession(of: Self.alice)
        try client.waitForLog("logout: \(Self.alice.name)@10.77.1.1")
        try client.waitForLog("greeter ready", count: 2)
        #expect(
            !FileManager.default.fileExists(atPath: client.runDirectory + "/\(client.screenText)/ssh-10.77.1.1.sock"))

        // An expired password is changed at the greeter, and the new one logs in.
        let newPassword = "bob-new-Pass-2"
        try client.enter(Self.bob.name)
        try client.waitForLog("greeter asks: \(Self.bob.name)@10.77.1.1's password:")
        try client.enter(Self.bob.password)
        try client.waitForLog("greeter asks: Current password:")
        try client.enter(Self.bob.password)
        try client.waitForLog("greeter asks: New password:")
        try client.enter(newPassword)
        try client.waitForLog("greeter asks: Retype new password:")
        try client.enter(newPassword)
        try client.waitForLog("password of \(Self.bob.name) changed")
        try client.waitForLog("logged in: \(Self.bob.name)@10.77.1.1")
        _ = try site.waitForSession(of: Self.bob, timeout: 30)
        site.endSession(of: Self.bob)
        try client.waitForLog("greeter ready", count: 3)
        try client.enter(Self.bob.name)
        try client.waitForLog("greeter asks: \(Self.bob.name)@10.77.1.1's password:", count: 2)
        try client.enter(newPassword)
        try client.waitForLog("logged in: \(Self.bob.name)@10.77.1.1", count: 2)
        _ = try site.waitForSession(of: Self.bob, timeout: 30)
    }

    /// LDM_AUTOLOGIN with LDM_DIRECTX and two servers: no key is pressed, the better-rated server is used, the
    /// session draws straight on the client's X server, which refuses a connection without the cookie.
    /// Run with the amd64 ldm and the i386 one (Embedded Swift), each beside this host's greeter.
    @Test(arguments: BuiltProducts.clientArches) func autologinDirectXAndTheBetterRatedServer(arch: String) throws {
        try requireTools()
        let lab = try Lab(loads: [6, 0])
        let better = lab.sites[1]
        let client = try lab.client(
            [
                "LDM_SERVER": "10.77.1.1 10.77.2.1", "LDM_AUTOLOGIN": "True", "LDM_DIRECTX": "True",
                "LDM_USERNAME": Self.alice.name, "LDM_PASSWORD": Self.alice.password,
                "LDM_SESSION": better.sessionScript,
            ], arch: arch)
        try client.waitForLog("server 10.77.1.1: 10.77.1.1 (load rating 38)")
        try client.waitForLog("server 10.77.2.1: 10.77.2.1 (load rating 75)")
        try client.waitForLog("logged in: \(Self.alice.name)@10.77.2.1")
        let session = try better.waitForSession(of: Self.alice, timeout: 30)
        #expect(session.environment["DISPLAY"] == "10.77.2.2:\(client.screen)")
        #expect(try better.showsWindow(on: session.environment, user: Self.alice))
        let anonymous = try better.namespace.exec(
            [
                "env", "XAUTHORITY=/dev/null", "xwininfo", "-root",
                "-display", "10.77.2.2:\(client.screen)",
            ], check: false)
        #expect(!anonymous.succeeded)
        #expect(anonymous.stderr.contains("unable to open display"))
        #expect(lab.sites[0].session(of: Self.alice) == nil)
    }

    /// The hooks run at their phases with the login's variables (and the S phase can use the master socket), and
    /// LDM_LIMIT_ONE_SESSION ends the user's older session when the same user logs in from a second client.
    @Test func hooksAndOneSessionPerUser() throws {
        try requireTools()
        let lab = try Lab(loads: [0])
        let site = lab.sites[0]
        let output = try TestDirectory("hook-output")
        chmod(output.path, 0o777)
        let hooks = [
            "I01-init": "echo \"init $DISPLAY\" >> \(output.path)/log\n",
            "P01-pressh": "echo \"pressh $LDM_USERNAME@$LDM_SERVER\" >> \(output.path)/log\n",
            "S01-start":
                "echo \"start $(ssh -S \"$LDM_SOCKET\" -l \"$LDM_USERNAME\" \"$LDM_SERVER\" id -un)\" >> \(output.path)/log\n",
            "X01-xsession": "echo \"xsession $LDM_SESSION\" >> \(output.path)/log\n",
            "K01-stop": "echo \"stop $LDM_USERNAME\" >> \(output.path)/log\n",
            "S02-backup~": "echo never >> \(output.path)/log\n",
        ]
        let first = try lab.client(
            [
                "LDM_AUTOLOGIN": "True", "LDM_USERNAME": Self.alice.name,
                "LDM_PASSWORD": Self.alice.password, "LDM_SESSION": site.sessionScript,
            ],
            hooks: hooks)
        try first.waitForLog("logged in: \(Self.alice.name)@10.77.1.1")
        let firstSession = try site.waitForSession(of: Self.alice, timeout: 30)
        #expect(
            try output.read("log") == """
                init :\(first.screen)
                pressh \(Self.alice.name)@10.77.1.1
                start \(Self.alice.name)
                xsession \(site.sessionScript)

                """)

        // The same user from a second client with LDM_LIMIT_ONE_SESSION: the first session is ended (that client's
        // autologin then logs in again), the second runs.
        let second = try lab.client(["LDM_SESSION": site.sessionScript, "LDM_LIMIT_ONE_SESSION": "True"])
        try second.waitForLog("greeter ready")
        try second.enter(Self.alice.name)
        try second.waitForLog("greeter asks:")
        try second.enter(Self.alice.password)
        try second.waitForLog("logged in: \(Self.alice.name)@10.77.1.1")
        try first.waitForLog("session of \(Self.alice.name) ended", timeout: 30)
        try first.waitForLog("logged in: \(Self.alice.name)@10.77.1.1", count: 2, timeout: 60)
        #expect(try output.read("log").contains("stop \(Self.alice.name)\n"))
        #expect(ProcessWatch.ends(firstSession.pid, within: 10), "the first session's program was ended")
        #expect(!(try output.read("log")).contains("never"))
    }

    /// X is started again when it dies, and only then: the greeter comes back on the new X server.
    @Test func xIsStartedAgainWhenItDies() throws {
        try requireTools()
        let lab = try Lab(loads: [0])
        let client = try lab.client([:])
        try client.waitForLog("greeter ready")
        let xserver = try #require(
            try Command.run(["pgrep", "-f", "^Xvfb :\(client.screen) "]).stdout
                .split(separator: "\n").first.flatMap { Int32($0) })
        kill(xserver, SIGKILL)
        try client.waitForLog("X on :\(client.screen) died; starting it again")
        try client.waitForLog("X ready", count: 2)
        try client.waitForLog("greeter ready", count: 2)
    }
}
