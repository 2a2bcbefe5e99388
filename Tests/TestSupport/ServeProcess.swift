import Foundation

/// `kiwi-ltsp serve` running as a child process (optionally inside a network namespace), its stderr collected.
public final class ServeProcess: @unchecked Sendable {
    public let process = Process()
    public let logPath: String

    /// Starts `kiwi-ltsp serve ARGUMENTS` and waits until the log shows `ready` (e.g. "TFTP listening").
    public init(arguments: [String], namespace: NetworkNamespace? = nil, ready: String,
                timeout: TimeInterval = 30) throws {
        logPath = "/tmp/kiwi-ltsp-serve-\(getpid())-\(UInt32.random(in: 0..<1_000_000)).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let binary = BuiltProducts.executable("kiwi-ltsp")
        if let namespace {
            process.executableURL = URL(fileURLWithPath: RequiredTool.path("ip") ?? "/usr/sbin/ip")
            process.arguments = ["netns", "exec", namespace.name, binary, "serve"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["serve"] + arguments
        }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
        try waitForLog(ready, timeout: timeout)
    }

    deinit {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func waitForLog(_ text: String, timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !log.contains(text) {
            guard process.isRunning else { throw TestFailure("serve exited (\(process.terminationStatus)): \(log)") }
            guard Date() < deadline else { throw TestFailure("no '\(text)' in the serve log after \(timeout) s: \(log)") }
            usleep(20_000)
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    public func terminate(timeout: TimeInterval = 20) throws -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { throw TestFailure("serve did not stop within \(timeout) s after SIGTERM") }
            usleep(20_000)
        }
        return process.terminationStatus
    }
}
