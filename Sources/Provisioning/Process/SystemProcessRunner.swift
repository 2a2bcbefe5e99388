import Foundation

/// Runs tools with posix_spawn(3) and waitpid(2), output and errors merged. Foundation's `Process` is not used:
/// its exit monitoring was seen to hang inside an async command after the child had exited.
public struct SystemProcessRunner: ProcessRunner {
    public init() {}

    public func run(_ invocation: CommandInvocation) throws(ProvisioningError) -> CommandOutcome {
        try run(invocation, streaming: nil)
    }

    /// Like `run(_:)`, and hands each piece of output to `streaming` as it arrives (for progress displays).
    /// The outcome keeps the last 64 KiB of output.
    public func run(
        _ invocation: CommandInvocation,
        streaming: ((ArraySlice<UInt8>) -> Void)?
    ) throws(ProvisioningError) -> CommandOutcome {
        guard let tool = invocation.arguments.first else {
            throw .commandFailed(command: "", status: -1, output: "empty command")
        }
        guard let executable = Self.lookUp(tool) else {
            throw .commandFailed(
                command: invocation.description, status: 127,
                output: "\(tool) not found on PATH, /usr/sbin or /sbin; install it")
        }
        switch Self.spawn(executable, invocation.arguments, streaming: streaming) {
        case .success(let outcome): return outcome
        case .failure(let failure):
            throw .commandFailed(
                command: invocation.description, status: 127,
                output: "cannot start: \(String(cString: strerror(failure.code)))")
        }
    }

    /// How much of a child's output is kept (the last part) for the outcome.
    static let keptOutput = 64 * 1024

    /// Starts the child (see `ChildProcess`), reads its merged output to the end, then reaps it.
    static func spawn(
        _ executable: String, _ arguments: [String],
        streaming: ((ArraySlice<UInt8>) -> Void)?
    ) -> Result<CommandOutcome, ChildProcess.SpawnFailure> {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return .failure(ChildProcess.SpawnFailure(code: errno)) }
        let started = ChildProcess.start(executable, arguments, stdout: fds[1], stderr: fds[1])
        close(fds[1])
        let pid: pid_t
        switch started {
        case .success(let child):
            pid = child
        case .failure(let failure):
            close(fds[0])
            return .failure(failure)
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            streaming?(chunk[0..<count])
            output += chunk[0..<count]
            if output.count > 2 * keptOutput { output.removeFirst(output.count - keptOutput) }
        }
        close(fds[0])
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
        let code = exitStatus & 0x7f == 0 ? (exitStatus >> 8) & 0xff : 128 + (exitStatus & 0x7f)
        return .success(CommandOutcome(status: code, output: String(decoding: output, as: UTF8.self)))
    }

    public static func lookUp(_ tool: String) -> String? {
        if tool.hasPrefix("/") { return tool }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where access("\(directory)/\(tool)", X_OK) == 0 {
            return "\(directory)/\(tool)"
        }
        return nil
    }
}
