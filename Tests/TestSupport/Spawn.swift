import Foundation

/// posix_spawn(3) for tests: Foundation's `Process` was seen to leave an exited child unreaped and hang the test,
/// and it hands the runner's blocked signals to the child. Children here start with no blocked signals.
public enum Spawn {
    /// Starts `arguments` (looked up on PATH) with the given descriptors as stdin, stdout and stderr.
    public static func start(_ arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32,
                             environment: [String: String]? = nil) throws -> pid_t {
        guard let tool = arguments.first, let executable = RequiredTool.path(tool) ?? (tool.hasPrefix("/") ? tool : nil)
        else { throw TestFailure("\(arguments.first ?? "") not found") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
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
        var variables = ProcessInfo.processInfo.environment
        environment?.forEach { variables[$0.key] = $0.value }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw TestFailure("cannot start \(executable): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Waits for `pid`; the exit code, or 128 + the signal that ended it.
    public static func wait(_ pid: pid_t, block: Bool = true) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, block ? 0 : WNOHANG)
            if result < 0 && errno == EINTR { continue }
            if result == 0 { return nil }
            if result < 0 { return -1 }
            return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }
    }

    /// A file of `text` to use as standard input.
    static func inputFile(_ text: String?) throws -> Int32 {
        guard let text else { return open("/dev/null", O_RDONLY | O_CLOEXEC) }
        let path = "/tmp/kiwi-ltsp-input-\(getpid())-\(UInt32.random(in: 0..<1_000_000_000))"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        defer { unlink(path) }
        return open(path, O_RDONLY | O_CLOEXEC)
    }
}
