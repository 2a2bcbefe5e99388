import Foundation

/// `kiwi-ltsp serve` running as a child process (optionally inside a network namespace), its stderr collected.
public final class ServeProcess: @unchecked Sendable {
    public let pid: pid_t
    public let logPath: String
    private var exitStatus: Int32?

    /// Starts `kiwi-ltsp serve ARGUMENTS` and waits until the log shows `ready` (e.g. "TFTP listening").
    public init(
        arguments: [String], namespace: NetworkNamespace? = nil, ready: String,
        timeout: TimeInterval = 30
    ) throws {
        logPath = "/tmp/kiwi-ltsp-serve-\(getpid())-\(UInt32.random(in: 0..<1_000_000)).log"
        let log = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(log); close(null) }
        let binary = BuiltProducts.executable("kiwi-ltsp")
        let command = namespace.map { ["ip", "netns", "exec", $0.name] } ?? []
        pid = try Spawn.start(command + [binary, "serve"] + arguments, stdin: null, stdout: log, stderr: log)
        try waitForLog(ready, timeout: timeout)
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            _ = Spawn.wait(pid)
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// `ip netns exec` execs the server, so `pid` is the server's own.
    public var isRunning: Bool {
        if exitStatus == nil { exitStatus = Spawn.wait(pid, block: false) }
        return exitStatus == nil
    }

    public func waitForLog(_ text: String, timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !log.contains(text) {
            guard isRunning else { throw TestFailure("serve exited (\(exitStatus ?? -1)): \(log)") }
            guard Date() < deadline else {
                throw TestFailure("no '\(text)' in the serve log after \(timeout) s: \(log)")
            }
            usleep(20_000)
        }
    }

    /// Sends `signal` (SIGTERM by default) and waits for the exit status.
    @discardableResult
    public func terminate(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) throws -> Int32 {
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning {
            guard Date() < deadline else {
                throw TestFailure("serve did not stop within \(timeout) s after signal \(signal)")
            }
            usleep(20_000)
        }
        return exitStatus ?? -1
    }
}
