import Foundation

/// Runs an external program and collects its output; tests use it to drive real clients and our binary.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var succeeded: Bool { status == 0 }
}

public enum Command {
    /// Runs `arguments[0]` (looked up on PATH) and waits for it to exit. Output goes through temporary files, so
    /// a chatty child never blocks on a full pipe.
    @discardableResult
    public static func run(
        _ arguments: [String], input: String? = nil,
        environment: [String: String]? = nil
    ) throws -> CommandResult {
        let base = "/tmp/kiwi-ltsp-command-\(getpid())-\(UInt32.random(in: 0..<1_000_000_000))"
        let out = open(base + ".out", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let err = open(base + ".err", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let stdin = try Spawn.inputFile(input)
        defer {
            [out, err, stdin].forEach { close($0) }
            unlink(base + ".out")
            unlink(base + ".err")
        }
        let pid = try Spawn.start(arguments, stdin: stdin, stdout: out, stderr: err, environment: environment)
        let status = Spawn.wait(pid) ?? -1
        return CommandResult(
            status: status,
            stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
    }
}
