import Foundation
import Provisioning
import SystemSupport

/// Child processes for tests, started by Provisioning's `ChildProcess` (posix_spawn, no blocked signals, none of the
/// runner's descriptors): Foundation's `Process` was seen to leave an exited child unreaped and hang the test, and it
/// hands the runner's blocked signals to the child.
public enum Spawn {
    /// Starts `arguments` (looked up on PATH) with the given descriptors as stdin, stdout and stderr.
    public static func start(
        _ arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32,
        environment: [String: String]? = nil
    ) throws -> pid_t {
        guard let tool = arguments.first, let executable = RequiredTool.path(tool) ?? (tool.hasPrefix("/") ? tool : nil)
        else { throw TestFailure("\(arguments.first ?? "") not found") }
        var variables = ProcessInfo.processInfo.environment
        environment?.forEach { variables[$0.key] = $0.value }
        switch ChildProcess.start(
            executable, arguments, stdin: stdin, stdout: stdout, stderr: stderr,
            environment: variables.map { "\($0.key)=\($0.value)" })
        {
        case .success(let pid): return pid
        case .failure(let failure):
            throw TestFailure("cannot start \(executable): \(String(cString: strerror(failure.code)))")
        }
    }

    /// Waits for `pid`; the exit code, or 128 + the signal that ended it.
    public static func wait(_ pid: pid_t, block: Bool = true) -> Int32? {
        block ? Children.wait(pid) : Children.poll(pid)
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
