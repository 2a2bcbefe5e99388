import Glibc
import GreeterProtocol
import SystemSupport

/// ldm: X on the screen's virtual terminal, the greeter, the ssh login, the session on the server, and back to the
/// greeter. X is started again only when it dies; a failed login leaves the greeter (and X) where they are.
public final class DisplayManager {
    public enum Round: Equatable {
        /// A session ran and ended (or a login was abandoned): show the greeter again.
        case again
        /// X died: start it again.
        case xDied
        case power(GreeterReply)
        /// ldm was told to stop (SIGTERM).
        case stopped
    }

    let options: LDMOptions
    let settings: LDMSettings
    let log = LDMLog()
    /// This client's host name, and its address toward the first server (for the greeter).
    let client: ClientAddress
    let x: XServer
    let hooks: HookRunner
    let directory: String
    /// Autologin once per greeter: after it fails the greeter asks, instead of failing again and again.
    var autologinPending: Bool

    public init(options: LDMOptions, settings: LDMSettings, client: ClientAddress) {
        self.options = options
        self.settings = settings
        self.client = client
        directory = "\(options.runDirectory)/\(options.screen)"
        var command = XServerCommand(
            display: settings.display, authorityFile: "\(directory)/Xauthority",
            listenTCP: settings.directX, depth: settings.colorDepth)
        command.executable = options.xserver
        x = XServer(command: command, hostname: client.hostname, log: log)
        hooks = HookRunner(directory: options.hooks, log: log)
        autologinPending = settings.autologin
    }

    /// `ldm ARGUMENTS`: runs until a reboot or shutdown is chosen (or a usage mistake: status 2).
    public static func main(arguments: [String]) -> Int32 {
        if arguments.first == MediumJail.option { return MediumJail.main(arguments: Array(arguments.dropFirst())) }
        let options: LDMOptions
        do {
            options = try LDMOptions(arguments: arguments)
        } catch {
            LDMLog().error("\(error)")
            DescriptorIO.writeAll(LDMOptions.usage, to: STDERR_FILENO)
            return 2
        }
        if options.showsHelp {
            DescriptorIO.writeAll(LDMOptions.usage, to: STDOUT_FILENO)
            return 0
        }
        let (variables, problem) = LDMEnvironmentFile.read(options.configFile)
        if let problem { LDMLog().error(problem) }
        let settings = LDMSettings(
            variables: variables, screen: options.screen, hostname: ClientAddress.currentHostname(),
            bootServer: options.bootServer)
        let client = ClientAddress.toward(settings.servers.first ?? "127.0.0.1")
        return DisplayManager(options: options, settings: settings, client: client).run()
    }

    public func run() -> Int32 {
        guard !settings.servers.isEmpty else {
            log.error("no login server: set LDM_SERVER in lts.conf")
            return 1
        }
        do {
            try TextFile.makeDirectories(directory)
            chmod(directory, 0o700)
        } catch {
            log.error("\(error)")
            return 1
        }
        StopRequest.install()
        var limiter = RestartPause()
        while !StopRequest.received {
            if !x.isRunning {
                limiter.waitBeforeStart(log: log)
                do {
                    try x.start()
                    log.info("X ready on \(x.display) (vt\(settings.display))")
                    hooks.run(.initialize, variables: hookVariables())
                } catch {
                    log.error("\(error)")
                    continue
                }
            }
            switch round() {
            case .again where x.isRunning: continue
            case .again, .xDied:
                log.error("X on \(x.display) died; starting it again")
                x.stop()
            case .power(let action):
                x.stop()
                powerOff(action)
                return 0
            case .stopped:
                break
            }
        }
        x.stop()
        log.info("stopped")
        return 0
    }

    func powerOff(_ action: GreeterReply) {
        let command = action == .reboot ? "reboot" : "poweroff"
        log.info("\(command) chosen at the greeter")
        for program in ["/sbin/\(command)", "/usr/sbin/\(command)", "/bin/busybox"] {
            let arguments = program.hasSuffix("busybox") ? [program, command] : [program]
            if ProcessSpawn.run(program, arguments, timeout: .seconds(30)) != nil { return }
        }
    }

    /// Variables every hook phase sees (LTSP 5's names).
    func hookVariables(login: SSHLoginTarget? = nil, selection: LoginSelection? = nil) -> [(String, String)] {
        let address = login.map { ClientAddress.toward($0.server) } ?? client
        var variables = [
            ("DISPLAY", x.display), ("XAUTHORITY", x.command.authorityFile),
            ("LDMINFO_IPADDR", address.address ?? ""),
        ]
        if let login {
            variables += [
                ("LDM_SERVER", login.server), ("LDM_USERNAME", login.user.text),
                ("LDM_SOCKET", socketPath(for: login.server)),
            ]
        }
        if let selection {
            variables += [("LDM_SESSION", selection.session), ("LDM_XSESSION", selection.xsession)]
            if let language = selection.language { variables.append(("LDM_LANGUAGE", language)) }
        }
        return variables
    }

    func socketPath(for server: String) -> String {
        "\(directory)/ssh-\(server.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }).sock"
    }

    /// The environment of ssh and the greeter: X's display and cookie, a PATH, a HOME that is nobody's.
    var childEnvironment: [String] {
        x.clientEnvironment + ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=\(directory)", "LANG=C.UTF-8"]
    }
}

/// X that dies at once is not started in a tight loop: after three starts within a minute, the next waits 30 s.
struct RestartPause {
    private var limiter = RespawnLimiter(burst: 3, window: .seconds(60), pause: .seconds(30))
    private let origin = ContinuousClock.now

    mutating func waitBeforeStart(log: LDMLog) {
        let now = ContinuousClock.now - origin
        let due = limiter.nextStart(wantedAt: now)
        if due > now {
            log.error("X keeps dying; waiting \((due - now).components.seconds) s before the next start")
            sleep(UInt32((due - now).components.seconds))
        }
        limiter.recordStart(at: ContinuousClock.now - origin)
    }
}
