import Glibc
import SystemSupport

/// Runs commands on the server through a logged-in master: short ones (xauth, ending other sessions) with their
/// output, and the session itself on a terminal of its own for as long as it lasts.
public struct SessionRunner {
    public var master: SSHMaster
    /// ssh's environment (DISPLAY and XAUTHORITY of the client's X server for X forwarding).
    public var environment: [String]
    public var log: LDMLog

    public init(master: SSHMaster, environment: [String], log: LDMLog) {
        self.master = master
        self.environment = environment
        self.log = log
    }

    /// A short command; its exit status, or nil when it did not finish within `timeout`.
    @discardableResult
    public func run(_ command: String, timeout: Duration = .seconds(30)) -> Int32? {
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        let arguments = SSHArguments.command(
            master.target, socket: master.socket, forwardX: false, terminal: false,
            command)
        guard
            case .success(let pid) = ProcessSpawn.start(
                PseudoTerminal.lookUp("ssh"), arguments,
                standard: .descriptors(stdin: nil, stdout: null, stderr: 2),
                environment: environment)
        else { return nil }
        return Children.wait(pid, timeout: timeout)
    }

    public enum SessionEnd: Equatable {
        /// The session's ssh returned: the user logged out (or the session ended on the server).
        case loggedOut(Int32)
        /// `keepGoing` said stop (X died): the session was ended.
        case stopped
        case failedToStart(String)
    }

    /// The session: ssh through the master on its own terminal, until it returns or `keepGoing` turns false.
    public func session(_ command: String, forwardX: Bool, keepGoing: () -> Bool) -> SessionEnd {
        let terminal: PseudoTerminal
        do { terminal = try PseudoTerminal() } catch { return .failedToStart(error.description) }
        let arguments = SSHArguments.command(
            master.target, socket: master.socket, forwardX: forwardX, terminal: true,
            command)
        let pid: pid_t
        switch terminal.spawn(arguments, environment: environment) {
        case .success(let started): pid = started
        case .failure(let failure): return .failedToStart(String(cString: strerror(failure.code)))
        }
        while true {
            var descriptors = [
                pollfd(fd: terminal.master, events: Int16(POLLIN), revents: 0),
                pollfd(fd: master.terminal.master, events: Int16(POLLIN), revents: 0),
            ]
            _ = poll(&descriptors, 2, 250)
            _ = terminal.readAvailable()
            master.drain()
            if let status = Children.poll(pid) { return .loggedOut(status) }
            if !keepGoing() {
                Children.stop(pid, signal: SIGHUP)
                return .stopped
            }
        }
    }
}
