import Glibc
import LTSPConfig
import NetworkValues
import SystemSupport
import TFTPWire

/// What ltsp-client does at boot, in order: read the kernel command line, find the boot interface, fetch and resolve
/// lts.conf, fetch the server's ssh host keys, write /run/ltsp/ltsp_config, set the hostname, start the screens and
/// the printers, say it is ready, supervise.
/// A missing or malformed lts.conf is reported once and the defaults are used: a client always comes up.
public struct ClientBoot {
    public var options: ClientOptions
    public var network = SystemNetworkEnvironment()
    public var log = ClientLog()

    public init(options: ClientOptions) {
        self.options = options
    }

    /// `ltsp-client ARGUMENTS`: the exit status (2 for a usage mistake).
    public static func main(arguments: [String]) -> Int32 {
        let options: ClientOptions
        do {
            options = try ClientOptions(arguments: arguments)
        } catch {
            ClientLog().error("\(error)")
            ClientLog.write(ClientOptions.usage, to: STDERR_FILENO)
            return 2
        }
        if options.showsHelp {
            ClientLog.write(ClientOptions.usage, to: STDOUT_FILENO)
            return 0
        }
        return ClientBoot(options: options).run()
    }

    public func run() -> Int32 {
        let root = RootDirectory(options.root)
        let parameters = BootParameters(commandLine(root))
        let interface = BootInterface.choose(from: network.interfaces(), bootMAC: parameters.bootInterfaceMAC)
        if interface?.address == nil { log.error("no network interface with an IPv4 address") }
        let identity = ClientIdentity(
            hostname: parameters.hostname ?? currentHostname(root), ipAddress: interface?.address?.address,
            prefixLength: interface?.address?.prefixLength, mac: interface?.mac ?? parameters.bootInterfaceMAC)
        let (document, serverAnswered) = ltsConf(parameters)
        let resolution = LTSConfResolver(document: document)
            .resolve(for: identity).applyingKernelCommandLine(parameters.text)
        for note in resolution.notes { log.error("lts.conf: \(note)") }

        let config = ClientConfigFile(resolution)
        do {
            try TextFile.writeAtomically(config.text, to: root.resolve(ClientConfigFile.path))
        } catch {
            log.error("\(error)")
            return 1
        }
        if serverAnswered { updateKnownHosts(parameters, root: root) }
        let hostname = resolution.value("HOSTNAME")
        if options.setsHostname, let hostname { setHostname(hostname, root: root) }

        var supervisor: ScreenSupervisor?
        let (servers, unusable) = LoginServers.addresses({ resolution.value($0) }, bootServer: parameters.server)
        if options.startsScreens {
            for name in unusable {
                log.error("login server \(name) is not an IPv4 address: no printing or sound for it")
            }
            let plan = ScreenPlan(
                resolution, serialConsole: parameters.hasSerialConsole ? parameters.console : nil,
                bootServer: parameters.server?.description)
            for message in plan.skipped { log.error(message) }
            let launches = plan.launches + (sound(resolution, servers: servers, root: root).map { [$0] } ?? [])
            if !launches.isEmpty {
                supervisor = ScreenSupervisor(launches, log: log)
                supervisor?.startAll()
            }
        }
        if options.startsScreens { startPrinters(resolution, servers: servers) }
        let address = identity.ipAddress?.description ?? "-"
        log.output("ready \(hostname ?? "-") \(address) \(config.variables.count) variables")
        if !options.once, let supervisor { supervisor.supervise() }
        return 0
    }

    /// The printers of lts.conf, each served on its port by a thread of its own for as long as the client runs.
    private func startPrinters(_ resolution: LTSConfResolution, servers: Set<IPv4Address>) {
        let (printers, problems) = PrinterDefinition.all { resolution.value($0) }
        for problem in problems { log.error("lts.conf: \(problem)") }
        guard !printers.isEmpty else { return }
        loadPrinterModules(for: printers.map { $0.device })
        for printer in printers {
            do {
                let service = try PrinterService(printer, allowed: servers, log: log)
                try service.start()
                log.output(
                    "printer \(printer.index): \(printer.device) on port \(service.port) for "
                        + servers.sorted().map { $0.description }.joined(separator: " "))
            } catch {
                log.error("printer \(printer.index) (\(printer.device)): \(error)")
            }
        }
    }

    /// The client's PulseAudio for the sessions' sound (`SOUND`), supervised like a screen so it comes back when
    /// it dies; the mixer is set first (`VOLUME`, `<CHANNEL>_VOLUME`).
    private func sound(_ resolution: LTSConfResolution, servers: Set<IPv4Address>, root: RootDirectory) -> ScreenLaunch?
    {
        let settings = SoundSettings(
            { resolution.value($0) },
            pulseaudioInstalled: access(root.resolve(SoundSettings.pulseaudio), X_OK) == 0)
        for problem in settings.problems { log.error("lts.conf: \(problem)") }
        guard settings.enabled else { return nil }
        for volume in settings.volumes {
            let status = ProcessSpawn.run(
                "/usr/bin/amixer",
                ["amixer", "-q", "sset", volume.control, "\(volume.percent)%", "unmute"])
            if let status, status != 0 { log.error("sound: amixer sset \(volume.control) \(volume.percent)% failed") }
        }
        let script = "/run/ltsp/pulse.pa"
        do {
            try TextFile.writeAtomically(SoundSettings.script(servers: servers), to: root.resolve(script))
        } catch {
            log.error("sound: \(error)")
            return nil
        }
        log.output(
            "sound: PulseAudio on port \(SoundSettings.port) for "
                + servers.sorted().map { $0.description }.joined(separator: " "))
        return ScreenLaunch(
            number: "sound", value: "pulseaudio", console: .inherited,
            arguments: SoundSettings.command(script: script),
            environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"], name: "PulseAudio")
    }

    /// The kernel loads no printer driver by itself: `/dev/lpN` needs `lp` (and the port's `parport_pc`),
    /// `/dev/usb/lpN` needs `usblp`, as LTSP 5's client setup did.
    private func loadPrinterModules(for devices: [String]) {
        var modules: [String] = []
        if devices.contains(where: { $0.hasPrefix("/dev/lp") }) { modules += ["parport_pc", "lp"] }
        if devices.contains(where: { $0.hasPrefix("/dev/usb/lp") }) { modules.append("usblp") }
        for module in modules {
            guard let status = ProcessSpawn.run("/sbin/modprobe", ["modprobe", "-q", module]), status != 0 else {
                continue
            }
            log.error("printers: modprobe \(module) failed")
        }
    }

    private func commandLine(_ root: RootDirectory) -> String {
        if let text = options.commandLine { return text }
        do {
            return try TextFile.read(root.resolve("/proc/cmdline")).trimmed()
        } catch {
            log.error("\(error); no kernel command line")
            return ""
        }
    }

    /// The hostname the initramfs may already have set (from DHCP), for `[hostname]` sections.
    private func currentHostname(_ root: RootDirectory) -> String? {
        guard let name = try? TextFile.read(root.resolve("/proc/sys/kernel/hostname")).trimmed() else { return nil }
        return name == "(none)" || name == "localhost" || !ClientHostname.isValid(name) ? nil : name
    }

    /// lts.conf from the server, or no sections (defaults only) with one message saying why; and whether the TFTP
    /// server answered at all (a missing file is an answer; silence is not).
    private func ltsConf(_ parameters: BootParameters) -> (LTSConfDocument, serverAnswered: Bool) {
        guard let server = parameters.server else {
            if let invalid = parameters.invalidServer {
                log.error("lts.conf: ltsp.server=\(invalid) is not an IPv4 address; using defaults")
            } else {
                log.error("lts.conf: no ltsp.server= on the kernel command line; using defaults")
            }
            return (LTSConfDocument(), false)
        }
        let client = TFTPClient(server: server)
        let path = parameters.ltsConfPath
        let bytes: [UInt8]
        do {
            bytes = try client.download(path)
        } catch {
            log.error("lts.conf: \(path) from \(server): \(error); using defaults")
            if case .server = error { return (LTSConfDocument(), true) }
            return (LTSConfDocument(), false)
        }
        // `include FILE` names a file on the same server, relative to lts.conf's folder.
        let parser = LTSConfParser(loader: { included throws(LTSConfReadError) in
            do throws(TFTPDownloadError) { return String(decoding: try client.download(included), as: UTF8.self) } catch
            {
                throw LTSConfReadError("\(error)")
            }
        })
        do {
            return (try parser.parse(String(decoding: bytes, as: UTF8.self), file: path), true)
        } catch {
            log.error("lts.conf: \(error); using defaults")
            return (LTSConfDocument(), true)
        }
    }

    /// The server's ssh host keys from `ssh_known_hosts` beside lts.conf (which `kiwi-ltsp configure` keeps current),
    /// so ldm checks the server strictly even after its address changed and nobody rebuilt the image. When the server
    /// has none (a server that `configure` did not set up) the image's own copy stays, quietly; when the file cannot
    /// be fetched or holds no key, it stays and the message says why.
    private func updateKnownHosts(_ parameters: BootParameters, root: RootDirectory) {
        guard let server = parameters.server else { return }
        let folder =
            parameters.ltsConfPath.contains("/") ? TextFile.parentDirectory(of: parameters.ltsConfPath) + "/" : ""
        let path = folder + Self.knownHostsName
        let text: String
        do {
            text = String(decoding: try TFTPClient(server: server).download(path), as: UTF8.self)
        } catch {
            if case .server(let code, _) = error, code == .fileNotFound { return }
            log.error("\(path) from \(server): \(error); keeping the image's \(Self.knownHostsPath)")
            return
        }
        let keys = text.split(separator: "\n").filter { line in
            !line.hasPrefix("#") && line.split(separator: " ", omittingEmptySubsequences: true).count >= 3
        }
        guard !keys.isEmpty else {
            log.error("\(path) from \(server) holds no host key; keeping the image's \(Self.knownHostsPath)")
            return
        }
        do {
            try TextFile.writeAtomically(text, to: root.resolve(Self.knownHostsPath))
        } catch {
            log.error("\(error)")
        }
    }

    public static let knownHostsName = "ssh_known_hosts"
    public static let knownHostsPath = "/etc/ssh/ssh_known_hosts"

    private func setHostname(_ name: String, root: RootDirectory) {
        guard ClientHostname.isValid(name) else {
            log.error("HOSTNAME=\(name) is not a valid hostname; hostname not set")
            return
        }
        if sethostname(name, name.utf8.count) != 0 {
            log.error("cannot set the hostname to \(name): \(String(cString: strerror(errno)))")
        }
        do {
            try TextFile.writeAtomically(name + "\n", to: root.resolve("/etc/hostname"))
        } catch {
            log.error("\(error)")
        }
    }
}
