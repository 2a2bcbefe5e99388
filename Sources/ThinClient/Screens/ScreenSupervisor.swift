import Glibc
import LTSPConfig
import SystemSupport

/// Runs the planned screens and restarts each one when it exits, rate-limited by `RespawnLimiter`. A screen is
/// spawned in a new session (POSIX_SPAWN_SETSID) and then opens its tty as fd 0: a session leader without a
/// controlling terminal that opens a tty acquires it, so job control and ^C work in the shell.
public final class ScreenSupervisor {
    private struct Screen {
        var launch: ScreenLaunch
        var pid: pid_t?
        var limiter = RespawnLimiter()
        /// When a stopped screen is due to start again.
        var restartAt: Duration?
    }

    private var screens: [Screen]
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private let log: ClientLog

    public init(_ launches: [ScreenLaunch], log: ClientLog) {
        screens = launches.map { Screen(launch: $0) }
        origin = clock.now
        self.log = log
    }

    private var now: Duration { clock.now - origin }

    /// Starts every screen. The signals `supervise` waits for are blocked first, so an exit is never missed between
    /// starting and supervising; the screens themselves start with no signal blocked.
    public func startAll() {
        var signals = Self.waitedSignals()
        sigprocmask(SIG_BLOCK, &signals, nil)
        for index in screens.indices { start(index) }
    }

    /// Waits for screens to exit and starts them again. SIGTERM or SIGINT hang up every screen (a login shell
    /// ignores SIGTERM, not SIGHUP) and end the process with status 0.
    public func supervise() -> Never {
        var signals = Self.waitedSignals()
        while true {
            reapExited()
            for index in screens.indices {
                if let due = screens[index].restartAt, due <= now { start(index) }
            }
            let signal: Int32
            if let next = screens.compactMap({ $0.restartAt }).min() {
                let wait = max(next - now, .milliseconds(1))
                let (seconds, attoseconds) = wait.components
                var timeout = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
                signal = sigtimedwait(&signals, nil, &timeout)
            } else {
                signal = sigwaitinfo(&signals, nil)
            }
            if signal == SIGTERM || signal == SIGINT { hangUpAndExit() }
        }
    }

    private func hangUpAndExit() -> Never {
        for pid in screens.compactMap({ $0.pid }) { kill(-pid, SIGHUP) }
        exit(0)
    }

    private func reapExited() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            guard let index = screens.firstIndex(where: { $0.pid == pid }) else { continue }
            screens[index].pid = nil
            // A shell's logout is the normal end of a screen; anything else is worth a line on the console.
            let code = Children.exitStatus(waitStatus: status)
            let ending = code > 128 ? "was killed by signal \(code - 128)" : "exited with status \(code)"
            scheduleRestart(index, after: code == 0 ? nil : ending)
        }
    }

    /// `ending`: how the screen ended, when that is worth saying.
    private func scheduleRestart(_ index: Int, after ending: String?) {
        let limiter = screens[index].limiter
        let due = limiter.nextStart(wantedAt: now)
        let label = screens[index].launch.label
        if due > now {
            let pause = limiter.pause.components.seconds
            log.error("\(label) exits too often; next start in \(pause) s")
        } else if let ending {
            log.error("\(label) \(ending); starting it again")
        }
        screens[index].restartAt = due
    }

    private func start(_ index: Int) {
        screens[index].restartAt = nil
        screens[index].limiter.recordStart(at: now)
        let launch = screens[index].launch
        switch Self.spawn(launch) {
        case .success(let pid):
            screens[index].pid = pid
        case .failure(let error):
            log.error("\(launch.label): cannot start: \(error)")
            scheduleRestart(index, after: nil)
        }
    }

    private static func spawn(_ launch: ScreenLaunch) -> Result<pid_t, SystemError> {
        let standard: ProcessSpawn.Standard =
            switch launch.console {
            case .terminal(let device): .terminal(device)
            case .inherited: .descriptors(stdin: nil, stdout: STDOUT_FILENO, stderr: STDERR_FILENO)
            }
        return ProcessSpawn.start(
            launch.arguments[0], launch.arguments, standard: standard,
            environment: launch.environment, newSession: true
        )
        .mapError { SystemError(path: launch.arguments[0], operation: "spawn", errno: $0.code) }
    }

    private static func waitedSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGCHLD, SIGTERM, SIGINT] { sigaddset(&set, signal) }
        return set
    }
}
