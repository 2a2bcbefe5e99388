import Foundation
import Lab
import Testing
import TestSupport

/// The `thin` image PXE-boots under qemu (TCG, 512 MiB) from `kiwi-ltsp serve`; ltsp-client starts ldm on vt7, the
/// greeter comes up on the client's screen, keys typed over QMP log a user in to a real sshd in the server namespace
/// (its sshd_config includes the drop-in `kiwi-ltsp configure` rendered), and the X session runs there, shown on
/// the client. The same behaviours, faster and on this host, are in LDMTests.LDMLoginTests.
@Suite(.serialized)
struct DesktopSessionTests {
    static let alice = SessionServer.User(name: "kiwialice", uid: 4321, password: "alice-pass-1")
    static let bob = SessionServer.User(name: "kiwibob", uid: 4322, password: "bob-old-pass-1", expired: true)
    static let tools = [
        "qemu-system-x86_64", "ip", "sshd", "xwininfo", "xmessage", "xauth", "useradd", "chpasswd",
        "unshare",
    ]
    static let memoryMiB = 512

    /// The boot server (192.168.67.1) is also a login server; `second` adds one at 192.168.67.2, bridged into the
    /// client's network.
    final class Desktop {
        let pxe: PXELab
        var sites: [SessionSite] = []
        var extra: [NetworkNamespace] = []

        /// `otherArch`: an image of another architecture served beside `image` (EXTRA_ARCHES), its client on `tap1`.
        init(_ label: String, image: TestImage.Built, loads: [Double], otherArch: TestImage.Built? = nil) throws {
            pxe = try PXELab(label, image: image, settings: otherArch.map { ["EXTRA_ARCHES": $0.arch] } ?? [:])
            if let otherArch {
                try pxe.addArch(otherArch)
                try pxe.addTap("tap1")
            }
            let dropIn = pxe.root.path + "/etc/ssh/sshd_config.d/kiwi-ltsp.conf"
            try #require(FileManager.default.fileExists(atPath: dropIn), "configure writes the sshd drop-in")
            for (index, load) in loads.enumerated() {
                var namespace = pxe.lab.server
                if index > 0 {
                    namespace = try NetworkNamespace(prefix: "klab-s\(index + 1)")
                    try namespace.exec([
                        "ip", "link", "add", "vs\(index)", "type", "veth", "peer", "name", "vc\(index)",
                        "netns", pxe.lab.client.name,
                    ])
                    try namespace.exec(["ip", "addr", "add", "192.168.67.\(index + 1)/24", "dev", "vs\(index)"])
                    try namespace.exec(["ip", "link", "set", "vs\(index)", "up"])
                    try pxe.lab.client.exec(["ip", "link", "set", "vc\(index)", "master", "br0"])
                    try pxe.lab.client.exec(["ip", "link", "set", "vc\(index)", "up"])
                    extra.append(namespace)
                }
                let site = try SessionSite(
                    namespace: namespace, address: "192.168.67.\(index + 1)",
                    users: [DesktopSessionTests.alice, DesktopSessionTests.bob], load15: load,
                    sshdInclude: dropIn)
                try site.start()
                sites.append(site)
            }
            // The clients fetch the servers' keys with lts.conf: strict checking against the lab's own sshd.
            try (sites.map(\.knownHostsLine).joined(separator: "\n") + "\n")
                .write(toFile: pxe.root.tftpRoot + "/KIWI/ssh_known_hosts", atomically: true, encoding: .utf8)
            try pxe.startServe(only: "dhcp,tftp,nbd")
        }

        deinit { sites.forEach { $0.stop() } }

        func writeLTSConf(_ settings: [String: String], mac: String = PXELab.mac) throws {
            let lines = settings.sorted { $0.key < $1.key }.map { "    \($0.key) = \($0.value)\n" }.joined()
            try "[default]\n    SOUND = False\n[\(mac)]\n    HOSTNAME = desk07\n\(lines)"
                .write(toFile: pxe.root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)
        }
    }

    func desktop(_ label: String, loads: [Double], otherArch: TestImage.Built? = nil) throws -> Desktop {
        let image = try TestImage.ensureBuilt("thin")
        try RequiredTool.require(Self.tools)
        return try Desktop(label, image: image, loads: loads, otherArch: otherArch)
    }

    /// Types `text` and Enter on the client's keyboard.
    func enter(_ vm: VirtualMachine, _ text: String) throws {
        try vm.qmp().type(text + "\n")
    }

    @Test func greeterLoginLogoutWrongAndExpiredPasswords() throws {
        let desktop = try desktop("desktop", loads: [0])
        let site = desktop.sites[0]
        try desktop.writeLTSConf(["LDM_SESSION": site.sessionScript])
        let poweredOn = Date()
        let vm = try desktop.pxe.bootClient(memoryMiB: Self.memoryMiB)
        let ready = try desktop.pxe.waitForReady(vm)
        let greeter = try vm.waitForLine(matching: "ldm: greeter ready on :7", timeout: 300)
        print("desktop: power-on to greeter \(Int(Date().timeIntervalSince(poweredOn))) s (\(greeter))")

        // The greeter is on the screen: not one colour.
        let screen = try BuiltProducts.scratchDirectory("screen") + "/greeter.ppm"
        try vm.qmp().screendump(to: screen)
        #expect(try PortablePixmap(contentsOf: screen).colourCount() > 2)

        // A wrong password: ssh's message on the greeter, which stays (X is not restarted).
        try enter(vm, Self.alice.name)
        try vm.waitFor("ldm: greeter asks: \(Self.alice.name)@192.168.67.1's password:", timeout: 120)
        try enter(vm, "wrong-password")
        try vm.waitFor("Permission denied", after: "greeter asks:", timeout: 60)
        try enter(vm, Self.alice.name)
        try vm.waitFor("greeter asks:", after: "Permission denied", timeout: 120)
        try enter(vm, Self.alice.password)
        let typed = Date()
        try vm.waitFor("ldm: logged in: \(Self.alice.name)@192.168.67.1", timeout: 120)
        let session = try site.waitForSession(of: Self.alice, timeout: 120)
        #expect(session.environment["LTSP_CLIENT"] == ready.address)
        #expect(session.environment["DISPLAY"]?.hasPrefix("localhost:") == true, "\(session.environment)")
        try waitUntil(timeout: 120) {
            try site.windows(on: session.environment, user: Self.alice).contains(SessionSite.windowName)
        }
        print(String(format: "desktop: Enter to the session's window %.1f s", Date().timeIntervalSince(typed)))
        #expect(vm.output.components(separatedBy: "ldm: X ready").count == 2, "X was started once")

        // Logout: the greeter is back.
        site.endSession(of: Self.alice)
        try vm.waitFor("ldm: logout: \(Self.alice.name)@192.168.67.1", timeout: 120)
        try vm.waitFor("ldm: greeter ready", after: "ldm: logout:", timeout: 120)

        // An expired password is changed at the greeter; the new one logs in.
        let newPassword = "bob-new-Pass-2"
        try enter(vm, Self.bob.name)
        try vm.waitFor("greeter asks: \(Self.bob.name)@192.168.67.1's password:", timeout: 120)
        try enter(vm, Self.bob.password)
        try vm.waitFor("greeter asks: Current password:", timeout: 120)
        try enter(vm, Self.bob.password)
        try vm.waitFor("greeter asks: New password:", timeout: 60)
        try enter(vm, newPassword)
        try vm.waitFor("greeter asks: Retype new password:", timeout: 60)
        try enter(vm, newPassword)
        try vm.waitFor("ldm: logged in: \(Self.bob.name)@192.168.67.1", timeout: 120)
        _ = try site.waitForSession(of: Self.bob, timeout: 120)
        site.endSession(of: Self.bob)
        try vm.waitFor("ldm: greeter ready", after: "ldm: logout: \(Self.bob.name)", timeout: 120)
        try enter(vm, Self.bob.name)
        try vm.waitFor("greeter asks:", after: "ldm: logout: \(Self.bob.name)", timeout: 120)
        try enter(vm, newPassword)
        try vm.waitFor("ldm: logged in: \(Self.bob.name)", after: "ldm: logout: \(Self.bob.name)", timeout: 120)
        _ = try site.waitForSession(of: Self.bob, timeout: 120)
    }

    /// A 32-bit client (qemu-system-i386, a Pentium III) from the same server: the i386 thin image's Xorg, and its
    /// ldm and greeter built with Embedded Swift; a typed login shows the session's window.
    @Test func anI386ClientLogsInAtTheGreeter() throws {
        let i386 = try TestImage.ensureBuiltI386()
        let desktop = try desktop("desktop-i386", loads: [0], otherArch: i386)
        let site = desktop.sites[0]
        try desktop.writeLTSConf(["LDM_SESSION": site.sessionScript], mac: PXELab.i386MAC)
        let poweredOn = Date()
        let vm = try desktop.pxe.bootI386Client(mac: PXELab.i386MAC, tap: "tap1", memoryMiB: Self.memoryMiB)
        defer { vm.stop() }
        let ready = try desktop.pxe.waitForReady(vm)
        #expect(vm.output.contains("-686 "), "Debian's 686 kernel")
        let greeter = try vm.waitForLine(matching: "ldm: greeter ready on :7", timeout: 400)
        print("desktop i386: power-on to greeter \(Int(Date().timeIntervalSince(poweredOn))) s (\(greeter))")
        let screen = try BuiltProducts.scratchDirectory("screen") + "/greeter-i386.ppm"
        try vm.qmp().screendump(to: screen)
        #expect(try PortablePixmap(contentsOf: screen).colourCount() > 2, "the greeter is drawn")

        try enter(vm, Self.alice.name)
        try vm.waitFor("ldm: greeter asks: \(Self.alice.name)@192.168.67.1's password:", timeout: 180)
        try enter(vm, Self.alice.password)
        try vm.waitFor("ldm: logged in: \(Self.alice.name)@192.168.67.1", timeout: 180)
        let session = try site.waitForSession(of: Self.alice, timeout: 180)
        #expect(session.environment["LTSP_CLIENT"] == ready.address)
        try waitUntil(timeout: 180) {
            try site.windows(on: session.environment, user: Self.alice).contains(SessionSite.windowName)
        }
        site.endSession(of: Self.alice)
        try vm.waitFor("ldm: greeter ready", after: "ldm: logout:", timeout: 180)
    }

    /// LDM_AUTOLOGIN, LDM_DIRECTX and two login servers whose info services report different ratings: no key is
    /// pressed, the better-rated server gets the session, which draws straight on the client's X server; that X
    /// server refuses a program without the cookie.
    @Test func autologinDirectXOnTheBetterRatedServer() throws {
        let desktop = try desktop("desktop-auto", loads: [6, 0])
        let better = desktop.sites[1]
        try desktop.writeLTSConf([
            "LDM_SERVER": "\"192.168.67.1 192.168.67.2\"", "LDM_AUTOLOGIN": "True", "LDM_DIRECTX": "True",
            "LDM_USERNAME": Self.alice.name, "LDM_PASSWORD": Self.alice.password, "LDM_SESSION": better.sessionScript,
        ])
        let vm = try desktop.pxe.bootClient(memoryMiB: Self.memoryMiB)
        let ready = try desktop.pxe.waitForReady(vm)
        try vm.waitFor("ldm: server 192.168.67.1: 192.168.67.1 (load rating 38)", timeout: 300)
        try vm.waitFor("ldm: server 192.168.67.2: 192.168.67.2 (load rating 75)", timeout: 60)
        try vm.waitFor("ldm: logged in: \(Self.alice.name)@192.168.67.2", timeout: 180)
        let session = try better.waitForSession(of: Self.alice, timeout: 120)
        #expect(session.environment["DISPLAY"] == "\(ready.address):7")
        try waitUntil(timeout: 120) {
            try better.windows(on: session.environment, user: Self.alice).contains(SessionSite.windowName)
        }
        let anonymous = try better.namespace.exec(
            [
                "env", "XAUTHORITY=/dev/null", "xwininfo", "-root",
                "-display", "\(ready.address):7",
            ], check: false)
        #expect(!anonymous.succeeded && anonymous.stderr.contains("unable to open display"), "\(anonymous.stderr)")
        #expect(desktop.sites[0].session(of: Self.alice) == nil)
    }
}

/// Polls `condition` every half second until it holds or `timeout` passes; the failure names the caller's line (a
/// thrown error is reported at the test's first line).
func waitUntil(
    timeout: TimeInterval, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () throws -> Bool
) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try !condition() {
        guard Date() < deadline else {
            throw TestFailure("condition not met within \(Int(timeout)) s (\(sourceLocation))")
        }
        usleep(500_000)
    }
}
