import Foundation

/// Children started with posix_spawn(3): no blocked signals, default dispositions, stdin from /dev/null, stdout
/// and stderr into one descriptor, no other descriptor inherited. Foundation's `Process` is not used (see SystemProcessRunner).
public enum ChildProcess {
    public struct SpawnFailure: Error { public var code: Int32 }

    /// Starts `executable` with `stdin` (nil: /dev/null), `stdout` and `stderr` as descriptors 0, 1 and 2 and no
    /// other descriptor of ours, no blocked signals and default dispositions; `environment` (`KEY=value`) or ours.
    public static func start(_ executable: String, _ arguments: [String], stdin: Int32? = nil, stdout: Int32,
                             stderr: Int32, environment: [String]? = nil) -> Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Nothing else of ours leaks into the child. (mmdebstrap hands apt a pipe as `cat >&N` and dash takes only
        // N < 10: a child that inherited a dozen descriptors failed with "Bad fd number".)
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid = pid_t()
        let status = envp.map { posix_spawn(&pid, executable, &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        return status == 0 ? .success(pid) : .failure(SpawnFailure(code: status))
    }

    /// The descriptors open in this process (from /proc/self/fd), without the one used to list them.
    static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var descriptors: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let descriptor = Int32(name), descriptor != own { descriptors.append(descriptor) }
        }
        return descriptors
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
            throw .commandFailed(command: command, status: 127,
                                 output: "cannot start: \(String(cString: strerror(failure.code)))")
        }
    }

    /// True while `pid` (our child) has not exited; reaps it when it has.
    public static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; reaps the child.
    public static func stop(_ pid: pid_t, grace: Double = 5) {
        guard isRunning(pid) else { return }
        kill(pid, SIGTERM)
        var waited = 0.0
        while isRunning(pid) && waited < grace {
            usleep(50_000)
            waited += 0.05
        }
        if isRunning(pid) {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }
}
