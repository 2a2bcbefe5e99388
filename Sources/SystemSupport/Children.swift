import Glibc
/// Waiting for our children (ldm's X, greeter, ssh and hooks; the server's daemons) without blocking the loop that
/// serves the others, and ending them: SIGTERM, a grace period, SIGKILL, always reaped.
public enum Children {
    /// The exit status (128 + signal when a signal ended it) if `pid` has ended; nil while it runs.
    public static func poll(_ pid: pid_t) -> Int32? {
        reap(pid, options: WNOHANG)
    }

    /// Waits for `pid` to end; its exit status (-1 when it is not our child).
    public static func wait(_ pid: pid_t) -> Int32 {
        reap(pid, options: 0) ?? -1
    }

    private static func reap(_ pid: pid_t, options: Int32) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, options)
            if result < 0 && errno == EINTR { continue }
            if result == 0 { return nil }
            if result < 0 { return -1 }
            return exitStatus(waitStatus: status)
        }
    }

    /// waitpid(2)'s status as a shell gives it: the exit status, or 128 + the signal that ended the process.
    public static func exitStatus(waitStatus status: Int32) -> Int32 {
        status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Waits up to `timeout`; after that the child gets SIGTERM, then SIGKILL, and the result is nil. With `group`,
    /// the child leads its process group and the signals go to the whole group.
    public static func wait(_ pid: pid_t, timeout: Duration, group: Bool = false) -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let status = poll(pid) { return status }
            usleep(20_000)
        }
        stop(pid, group: group)
        return nil
    }

    /// `signal` (SIGTERM), up to `grace` to go, then SIGKILL; reaped either way. With `group`, `pid` leads a process
    /// group and every process in it gets the signals: what it started in the background does not outlive it.
    public static func stop(_ pid: pid_t, signal: Int32 = SIGTERM, grace: Duration = .seconds(2), group: Bool = false) {
        let target = group ? -pid : pid
        guard poll(pid) == nil else {
            if group { kill(target, SIGKILL) }
            return
        }
        kill(target, signal)
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if poll(pid) != nil {
                if group { kill(target, SIGKILL) }
                return
            }
            usleep(20_000)
        }
        kill(target, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
