import Glibc
/// posix_spawn(3) the way every child of ours starts, on the server and on the thin client: no blocked signals,
/// default dispositions, and no descriptor of ours inherited beyond 0, 1 and 2. Foundation's `Process` is not used.
public enum ProcessSpawn {
    public struct Failure: Error {
        public var code: Int32
        public init(code: Int32) { self.code = code }
    }

    /// Where the child's descriptors 0, 1 and 2 come from.
    public enum Standard {
        /// stdin from a descriptor (nil: /dev/null); stdout and stderr from these descriptors.
        case descriptors(stdin: Int32?, stdout: Int32, stderr: Int32)
        /// All three on this terminal, opened read-write (a screen's console).
        case terminal(String)
    }

    /// Starts `executable` with `arguments` and `environment` (`KEY=value`, or ours); with `newSession`, the child
    /// leads a new session, so the terminal it opens becomes its controlling terminal; with `newProcessGroup`, it
    /// leads a new process group (which ``Children/stop(_:signal:grace:group:)`` can end whole). `extraDescriptors` are
    /// `(ours, theirs)` pairs the child gets besides 0-2 (Xorg's `-displayfd 3`).
    public static func start(
        _ executable: String, _ arguments: [String], standard: Standard,
        environment: [String]? = nil, newSession: Bool = false, newProcessGroup: Bool = false,
        extraDescriptors: [(Int32, Int32)] = []
    ) -> Result<pid_t, Failure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch standard {
        case .descriptors(let stdin, let stdout, let stderr):
            if let stdin {
                posix_spawn_file_actions_adddup2(&actions, stdin, 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        case .terminal(let device):
            posix_spawn_file_actions_addopen(&actions, 0, device, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
        }
        // Nothing else of ours leaks into the child. (mmdebstrap hands apt a pipe as `cat >&N` and dash takes only
        // N < 10: a child that inherited a dozen descriptors failed with "Bad fd number".)
        for (ours, theirs) in extraDescriptors { posix_spawn_file_actions_adddup2(&actions, ours, theirs) }
        let kept = Set(extraDescriptors.map { $0.1 })
        for descriptor in openDescriptors() where descriptor > 2 && !kept.contains(descriptor) {
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
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(
                POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                    | (newSession ? setSessionFlag : 0)
                    | (newProcessGroup && !newSession ? POSIX_SPAWN_SETPGROUP : 0)))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid = pid_t()
        let status =
            envp.map { posix_spawn(&pid, executable, &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        return status == 0 ? .success(pid) : .failure(Failure(code: status))
    }

    /// Runs a tool to its end with its output on our stderr: its exit status, or nil when it is not installed, could
    /// not start, or ran longer than `timeout` (then it is stopped).
    public static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(10)) -> Int32? {
        guard access(executable, X_OK) == 0,
            case .success(let pid) = start(
                executable, arguments,
                standard: .descriptors(
                    stdin: nil, stdout: 2,
                    stderr: 2))
        else { return nil }
        return Children.wait(pid, timeout: timeout)
    }

    /// Runs a tool to its end and returns what it wrote to standard output (its stderr goes to ours, or with `quiet`
    /// nowhere): nil when it is not installed, exited with a status other than 0, or ran longer than `timeout` (then
    /// it is stopped).
    public static func output(
        _ executable: String, _ arguments: [String], quiet: Bool = false,
        timeout: Duration = .seconds(10)
    ) -> String? {
        guard access(executable, X_OK) == 0, let pipe = DescriptorIO.makePipe() else { return nil }
        defer { close(pipe.read) }
        let errors = quiet ? open("/dev/null", O_WRONLY | O_CLOEXEC) : 2
        let started = start(
            executable, arguments, standard: .descriptors(stdin: nil, stdout: pipe.write, stderr: errors))
        close(pipe.write)
        if quiet { close(errors) }
        guard case .success(let pid) = started else { return nil }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while clock.now < deadline {
            var descriptor = pollfd(fd: pipe.read, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) >= 0 || errno == EINTR else { break }
            guard descriptor.revents != 0 else { continue }
            let count = read(pipe.read, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        let remaining = deadline - clock.now
        guard Children.wait(pid, timeout: remaining > .zero ? remaining : .milliseconds(1)) == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// glibc's POSIX_SPAWN_SETSID (spawn.h, since 2.26), which the Glibc module does not export.
    private static let setSessionFlag: Int32 = 0x80

    /// The descriptors open in this process (from /proc/self/fd), without the one used to list them.
    static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        return DirectoryListing.entries(of: directory).compactMap(Int32.init).filter { $0 != own }
    }
}
