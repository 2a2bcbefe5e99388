import Foundation
import SystemSupport

/// The server's children, started by LTSPConfig's ``ProcessSpawn`` (posix_spawn(3): no blocked signals, default
/// dispositions, no other descriptor of ours inherited).
public enum ChildProcess {
    public typealias SpawnFailure = ProcessSpawn.Failure

    /// Starts `executable` with `stdin` (nil: /dev/null), `stdout` and `stderr` as descriptors 0, 1 and 2 and no
    /// other descriptor of ours, no blocked signals and default dispositions; `environment` (`KEY=value`) or ours.
    public static func start(
        _ executable: String, _ arguments: [String], stdin: Int32? = nil, stdout: Int32,
        stderr: Int32, environment: [String]? = nil
    ) -> Result<pid_t, SpawnFailure> {
        ProcessSpawn.start(
            executable, arguments, standard: .descriptors(stdin: stdin, stdout: stdout, stderr: stderr),
            environment: environment)
    }

    /// Starts `arguments` (the tool looked up on PATH, /usr/sbin, /sbin) with its output appended to `logFile`.
    public static func startInBackground(_ arguments: [String], logFile: String) throws(ProvisioningError) -> pid_t {
        let command = CommandInvocation(arguments).description
        guard let tool = arguments.first, let executable = SystemProcessRunner.lookUp(tool) else {
            throw .commandFailed(command: command, status: 127, output: "\(arguments.first ?? "") not found")
        }
        let log = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else { throw .io(path: logFile, operation: "open", errno: errno) }
        defer { close(log) }
        switch start(executable, arguments, stdout: log, stderr: log) {
        case .success(let pid): return pid
        case .failure(let failure):
            throw .commandFailed(
                command: command, status: 127,
                output: "cannot start: \(String(cString: strerror(failure.code)))")
        }
    }

    /// True while `pid` (our child) has not exited; reaps it when it has.
    public static func isRunning(_ pid: pid_t) -> Bool {
        Children.poll(pid) == nil
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; reaps the child.
    public static func stop(_ pid: pid_t, grace: Double = 5) {
        Children.stop(pid, grace: .milliseconds(Int64(grace * 1000)))
    }
}
