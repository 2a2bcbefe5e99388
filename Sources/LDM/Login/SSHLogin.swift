import Glibc
import SystemSupport

/// The login: ssh as a ControlMaster on a pseudo-terminal, its output read by ``SSHConversation``, each prompt put to
/// `answer` (the greeter, or the autologin password), until the sentinel says the user is in. The I/O around the
/// conversation: reading the terminal, noticing when it goes quiet, the 30 s silence limit, ssh's exit.
public struct SSHLogin {
    public enum Answer: Equatable, Sendable {
        case text(String)
        /// Nobody will answer (the greeter is gone, X died): end the login.
        case cancel
    }

    public enum Outcome {
        case loggedIn(SSHMaster)
        /// The server changed an expired password and closed the connection: log in again.
        case passwordChanged
        case failed(LoginFailure)
        case cancelled
    }

    /// How long a partial line must stand alone to count as a prompt.
    public static let quietTime: Duration = .milliseconds(150)
    /// LTSP 5's limit for ssh to say anything.
    public static let silenceLimit: Duration = .seconds(30)

    public var target: SSHLoginTarget
    public var socket: String
    public var forwardX: Bool
    /// ssh's environment: DISPLAY and XAUTHORITY of the client's X server (for `-Y`), a PATH.
    public var environment: [String]
    public var knownHosts = SSHArguments.knownHostsFile

    public init(target: SSHLoginTarget, socket: String, forwardX: Bool, environment: [String]) {
        self.target = target
        self.socket = socket
        self.forwardX = forwardX
        self.environment = environment
    }

    /// `shouldStop` is asked between reads: true ends the login (ldm is stopping, X died).
    public func run(shouldStop: () -> Bool = { false }, answer: (SSHPrompt) -> Answer) -> Outcome {
        let terminal: PseudoTerminal
        do { terminal = try PseudoTerminal() } catch { return .failed(error) }
        unlink(socket)
        let sentinel = "KIWI-LTSP-LOGGED-IN-" + XAuthority.hex((0..<8).map { _ in UInt8.random(in: 0...255) })
        let arguments = SSHArguments.master(
            target, socket: socket, forwardX: forwardX, sentinel: sentinel,
            knownHosts: knownHosts)
        let pid: pid_t
        switch terminal.spawn(arguments, environment: environment) {
        case .success(let started): pid = started
        case .failure(let failure):
            return .failed(.other("cannot start ssh: \(String(cString: strerror(failure.code)))"))
        }
        var conversation = SSHConversation(sentinel: sentinel)
        let clock = ContinuousClock()
        var lastOutput = clock.now
        var ended = false
        while true {
            if shouldStop() {
                Children.stop(pid)
                return .cancelled
            }
            var actions: [SSHConversation.Action] = []
            var descriptor = pollfd(fd: terminal.master, events: Int16(POLLIN), revents: 0)
            // Once the terminal is closed only ssh's exit is left to wait for.
            let ready = ended ? Glibc.poll(nil, 0, 50) : Glibc.poll(&descriptor, 1, 50)
            if ready > 0 {
                switch terminal.readAvailable() {
                case let bytes? where !bytes.isEmpty:
                    lastOutput = clock.now
                    actions = conversation.handle(.output(bytes))
                case nil: ended = true
                default: break
                }
            }
            if actions.isEmpty, let status = Children.poll(pid) {
                while let bytes = terminal.readAvailable(), !bytes.isEmpty {
                    actions += conversation.handle(.output(bytes))
                }
                if !conversation.isFinished { actions += conversation.handle(.exited(status)) }
            } else if actions.isEmpty && conversation.awaitsQuiet && clock.now - lastOutput >= Self.quietTime {
                actions = conversation.handle(.quiet(echo: terminal.echoes))
            } else if actions.isEmpty && clock.now - lastOutput >= Self.silenceLimit {
                actions = conversation.handle(.silence)
            }
            for action in actions {
                switch action {
                case .ask(let prompt):
                    switch answer(prompt) {
                    case .text(let text):
                        terminal.write(text + "\n")
                        _ = conversation.handle(.answered)
                        lastOutput = clock.now
                    case .cancel:
                        Children.stop(pid)
                        return .cancelled
                    }
                case .loggedIn:
                    return .loggedIn(SSHMaster(pid: pid, terminal: terminal, target: target, socket: socket))
                case .passwordChanged:
                    Children.stop(pid)
                    return .passwordChanged
                case .failed(let failure):
                    Children.stop(pid)
                    return .failed(failure)
                }
            }
        }
    }
}

/// A logged-in master connection: the user's session and every other command go through its socket. Its terminal
/// is read (and thrown away) while the session runs, so the shell behind it never blocks on a full terminal.
public final class SSHMaster {
    public let pid: pid_t
    public let terminal: PseudoTerminal
    public let target: SSHLoginTarget
    public let socket: String

    init(pid: pid_t, terminal: PseudoTerminal, target: SSHLoginTarget, socket: String) {
        self.pid = pid
        self.terminal = terminal
        self.target = target
        self.socket = socket
    }

    public var isRunning: Bool { Children.poll(pid) == nil }

    /// Reads what the remote shell printed, to keep its terminal from filling up.
    public func drain() {
        while let bytes = terminal.readAvailable(), !bytes.isEmpty {}
    }

    /// `ssh -O exit`, then the master process itself if it is still there; the socket is removed.
    public func close(environment: [String]) {
        if isRunning,
            case .success(let exit) = ProcessSpawn.start(
                PseudoTerminal.lookUp("ssh"), SSHArguments.exit(target, socket: socket),
                standard: .descriptors(stdin: nil, stdout: Self.null, stderr: Self.null), environment: environment)
        {
            _ = Children.wait(exit, timeout: .seconds(10))
        }
        Children.stop(pid, signal: SIGHUP)
        unlink(socket)
    }

    static let null: Int32 = open("/dev/null", O_WRONLY | O_CLOEXEC)
}
