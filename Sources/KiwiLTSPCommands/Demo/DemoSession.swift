import Foundation
import LTSPConfig
import Lab
import Provisioning
import SystemSupport

/// One run of the demo: image, namespaces, server, virtual machine, streaming, clean-up.
struct DemoSession {
    let workdir: String
    let loader: DemoLoader
    let rebuild: Bool
    let keepRunning: Bool
    let timeout: Double
    /// `--desktop`: the thin image, ldm, and a session on the server namespace's sshd.
    let desktop: Bool
    let runner = SystemProcessRunner()
    let lab = DemoLab()
    static let mac = "52:54:00:6b:69:77"

    var imageRoot: String { workdir + (desktop ? "/image-thin" : "/image") }
    var profile: String { desktop ? "thin" : "minimal" }
    var qmpSocket: String { workdir + "/qmp.sock" }
    var serverRoot: String { workdir + "/server" }
    var executable: String { RunningExecutable.path }

    func run() throws {
        try checkTools()
        DemoInterrupt.install()
        try prepareImage()
        guard !DemoInterrupt.wasReceived else { throw DemoInterrupt.exitCode }
        say(
            "network: namespaces \(lab.server) (server, \(DemoLab.serverAddress) on vs0) and \(lab.client) "
                + "(client, bridge br0 + tap0)")
        try lab.create(runner: runner)
        var serve: pid_t?
        var machine: pid_t?
        var sessions: DemoDesktop?
        defer {
            if let machine { ChildProcess.stop(machine) }
            if let serve { ChildProcess.stop(serve) }
            sessions?.server.stop()
            lab.remove(runner: runner)
            try? FileManager.default.removeItem(atPath: serverRoot)
            say(
                "cleaned up: virtual machine and server stopped, namespaces and \(serverRoot) removed "
                    + "(the image stays in \(imageRoot) for the next run)")
        }
        try prepareServerRoot()
        if desktop {
            let login = try DemoDesktop(serverRoot: serverRoot, namespace: lab.server)
            sessions = login
            try login.server.start()
            try TextFile.writeAtomically(
                login.knownHosts, to: serverRoot + KiwiPaths.tftpRoot + "/" + KiwiPaths.knownHosts)
            try writeLTSConf(login.ltsConfLines)
            say(
                "session server: sshd on \(DemoLab.serverAddress):22 with the X11 drop-in `configure` wrote; user "
                    + "\(DemoDesktop.user.name) (password \(DemoDesktop.user.password)) exists only in the server namespace"
            )
        }
        let serveLog = workdir + "/serve.log", console = workdir + "/console.log", qemuLog = workdir + "/qemu.log"
        for path in [serveLog, console, qemuLog] { unlink(path) }
        serve = try start(lab.inServer([executable, "serve", "--root", serverRoot]), log: serveLog)
        try waitForServer(log: serveLog, pid: serve!)
        let poweredOn = Stopwatch()
        say("power on: qemu (TCG, iPXE ROM, e1000 \(Self.mac)), serial console below")
        machine = try start(lab.inClient(qemuArguments(console: console)), log: qemuLog)
        try stream(
            console: console, serveLog: serveLog, qemu: machine!, qemuLog: qemuLog, poweredOn: poweredOn,
            sessions: sessions)
    }

    func checkTools() throws {
        guard getuid() == 0 else { throw CommandError("the demo needs root (network namespaces, tap devices)") }
        for (tool, package) in [("ip", "iproute2"), ("qemu-system-x86_64", "qemu-system-x86")]
        where SystemProcessRunner.lookUp(tool) == nil {
            throw CommandError("\(tool) is not installed: apt-get install \(package)")
        }
        let roms = ["/usr/share/qemu/efi-e1000.rom", "/usr/lib/ipxe/qemu/efi-e1000.rom"]
        guard roms.contains(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw CommandError("qemu's iPXE ROM for the e1000 card is missing: apt-get install ipxe-qemu")
        }
    }

    /// The chroot `image build` makes with the default settings both of the demo's roots use, and what it
    /// publishes.
    static let chroot = KiwiPaths.chroot(arch: "amd64")
    static let imageFiles = [
        "\(KiwiPaths.imageDirectory)/amd64.img", "\(KiwiPaths.tftpRoot)/\(KiwiPaths.kernel)",
        "\(KiwiPaths.tftpRoot)/\(KiwiPaths.initrd)",
    ]

    /// The minimal image, built by `kiwi-ltsp image build` under the work directory unless it is already there.
    func prepareImage() throws {
        if !rebuild && Self.imageFiles.allSatisfy({ FileManager.default.fileExists(atPath: imageRoot + $0) }) {
            say("image: reusing \(imageRoot) (--rebuild makes a new one)")
            return
        }
        say("image: building the \(profile) client image in \(imageRoot) (a few minutes, once)")
        // Loopback settings: the build runs on this host, where the demo's lab interface does not exist.
        try writeConfiguration(
            under: imageRoot,
            [
                "DHCP_IFACES": "lo", "SERVER_IP": "127.0.0.1", "DHCP_MODE": "off", "NAT": "no",
                "DNS_SERVERS": "127.0.0.1", "IMAGE_PROFILE": profile,
            ])
        var arguments = [executable, "image", "build", "--root", imageRoot]
        if FileManager.default.fileExists(atPath: imageRoot + Self.chroot + "/etc/os-release") {
            arguments.append("--reuse-chroot")
        }
        var pending = ""
        let outcome = try runner.run(CommandInvocation(arguments)) { bytes in
            pending += String(decoding: bytes, as: UTF8.self)
            while let end = pending.firstIndex(of: "\n") {
                print("image  | \(pending[..<end])")
                pending.removeSubrange(...end)
            }
        }
        guard outcome.status == 0 else { throw CommandError("the image build failed (see above)") }
    }

    /// A server root like a real server's: `kiwi-ltsp configure` writes the boot loaders, menus and lts.conf; the
    /// image files are hard links to the cached build.
    func prepareServerRoot() throws {
        try? FileManager.default.removeItem(atPath: serverRoot)
        var settings = [
            "SERVER_IP": DemoLab.serverAddress, "DHCP_IFACES": "vs0", "DHCP_MODE": "full", "NAT": "no",
            "DNS_SERVERS": DemoLab.serverAddress, "ROOT_TYPE": "nbd", "KERNEL_OPTIONS": "console=ttyS0 quiet",
        ]
        if loader == .pxelinux { settings["IPXE_SCRIPT"] = "none" }
        try writeConfiguration(under: serverRoot, settings)
        let configure = try runner.run(
            CommandInvocation(
                lab.inServer([executable, "configure", "--root", serverRoot, "--no-commands"])))
        guard configure.status == 0 else { throw CommandError("configure failed: \(configure.output)") }
        say(
            "server: `kiwi-ltsp configure` wrote \(serverRoot) ("
                + (configure.output.split(separator: "\n").last
                    .map(String.init) ?? "") + ")")
        try FileManager.default.createDirectory(
            atPath: serverRoot + KiwiPaths.imageDirectory, withIntermediateDirectories: true)
        for path in Self.imageFiles {
            try? FileManager.default.removeItem(atPath: serverRoot + path)
            try FileManager.default.linkItem(atPath: imageRoot + path, toPath: serverRoot + path)
        }
        try writeLTSConf(["SCREEN_01 = shell"])
    }

    /// lts.conf: the demo client's host name and `clientLines` (a shell on its serial console, or ldm's settings).
    func writeLTSConf(_ clientLines: [String]) throws {
        let text =
            [
                "# kiwi-ltsp demo: settings for the virtual client", "[default]", "    SOUND = False",
                "[\(Self.mac)]", "    HOSTNAME = demo-client",
            ] + clientLines.map { "    " + $0 }
        try TextFile.writeAtomically(
            text.joined(separator: "\n") + "\n", to: serverRoot + KiwiPaths.tftpRoot + "/" + KiwiPaths.ltsConf)
    }

    func writeConfiguration(under root: String, _ settings: [String: String]) throws {
        let text =
            "# kiwi-ltsp demo\n" + settings.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"\n" }.joined()
        try TextFile.writeAtomically(text, to: root + ConfigSchema.defaultPath)
    }

    func qemuArguments(console: String) -> [String] {
        [
            "qemu-system-x86_64", "-accel", "tcg", "-m", "768", "-smp", "1", "-display", "none", "-monitor", "none",
            "-no-reboot", "-serial", "file:\(console)", "-boot", "n",
            "-netdev", "tap,id=net0,ifname=tap0,script=no,downscript=no", "-device",
            "e1000,netdev=net0,mac=\(Self.mac)",
            "-qmp", "unix:\(qmpSocket),server=on,wait=off",
        ]
    }

    func start(_ arguments: [String], log: String) throws -> pid_t {
        do { return try ChildProcess.startInBackground(arguments, logFile: log) } catch {
            throw CommandError(error.description)
        }
    }

    func waitForServer(log: String, pid: pid_t) throws {
        let stopwatch = Stopwatch()
        while true {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains("NBD listening") && text.contains("TFTP listening") && text.contains("DHCP (") {
                say("server: kiwi-ltsp serve (pid \(pid)) runs DHCP, TFTP and NBD on \(DemoLab.serverAddress)")
                return
            }
            guard ChildProcess.isRunning(pid) else { throw CommandError("kiwi-ltsp serve exited:\n\(text)") }
            guard stopwatch.seconds < 30 else { throw CommandError("kiwi-ltsp serve did not start in 30 s:\n\(text)") }
            usleep(100_000)
        }
    }

    /// Console lines and the server's boot timeline as they come, until the goal (the ready line; with `--desktop`
    /// the session's window on the screen), Ctrl-C or the timeout.
    func stream(
        console: String, serveLog: String, qemu: pid_t, qemuLog: String, poweredOn: Stopwatch,
        sessions: DemoDesktop?
    ) throws {
        var consoleTail = LogTail(path: console), serveTail = LogTail(path: serveLog)
        var milestones = DemoMilestones()
        var lastWindowCheck = -1.0
        while true {
            for line in serveTail.newLines() where DemoTimeline.isTimelineLine(line) {
                print("server | \(DemoTimeline.shortened(line))")
            }
            for line in consoleTail.newLines() where !line.isEmpty {
                print("client | \(DemoTimeline.printable(line))")
                milestones.see(line, at: poweredOn.seconds)
            }
            FileOutput.flush()
            if let sessions, milestones.loggedIn != nil, milestones.window == nil,
                poweredOn.seconds - lastWindowCheck >= 1
            {
                lastWindowCheck = poweredOn.seconds
                if sessions.windowShown(namespace: lab.server) { milestones.window = poweredOn.seconds }
            }
            if sessions == nil ? milestones.ready != nil : milestones.window != nil {
                summarize(milestones)
                if !keepRunning { return }
                say("the client keeps running (--keep-running); Ctrl-C stops it and cleans up")
                while !DemoInterrupt.wasReceived && ChildProcess.isRunning(qemu) { usleep(200_000) }
                return
            }
            if DemoInterrupt.wasReceived {
                say("interrupted")
                throw DemoInterrupt.exitCode
            }
            guard ChildProcess.isRunning(qemu) else {
                throw CommandError(
                    "qemu exited before the client was ready: "
                        + ((try? String(contentsOfFile: qemuLog, encoding: .utf8)) ?? ""))
            }
            guard poweredOn.seconds < timeout else {
                throw CommandError("the client did not get there in \(Int(timeout)) s; its console is in \(console)")
            }
            usleep(100_000)
        }
    }

    func summarize(_ milestones: DemoMilestones) {
        print("")
        say(desktop ? "the thin client shows a desktop session from the server:" : "the thin client is up:")
        for line in milestones.summary { say("  " + line) }
        if desktop {
            let picture = workdir + "/desktop.png"
            unlink(picture)
            do {
                try QMPClient(socket: qmpSocket).screendump(to: picture, format: "png")
                say("the client's screen: \(picture)")
            } catch {
                say("no screenshot: \(error)")
            }
        }
        let status = try? runner.run(CommandInvocation(lab.inServer([executable, "status", "--root", serverRoot])))
        if let status, status.status == 0 {
            say("each stage, as `kiwi-ltsp status` reports it:")
            print(status.output, terminator: status.output.hasSuffix("\n") ? "" : "\n")
        }
    }

    func say(_ text: String) {
        print("demo   | \(text)")
        FileOutput.flush()
    }
}
