import Foundation

/// A daemon started for one test (dnsmasq in a namespace, nbdkit, a listener), its output in a log; stopped on
/// `stop()` or deinit with SIGTERM, then SIGKILL if it lingers.
public final class BackgroundProcess: @unchecked Sendable {
    public let pid: pid_t
    public let logPath: String
    private var stopped = false

    public init(_ arguments: [String]) throws {
        logPath = "/tmp/kiwi-ltsp-bg-\(getpid())-\(UInt32.random(in: 0..<1_000_000_000)).log"
        let log = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(log); close(null) }
        pid = try Spawn.start(arguments, stdin: null, stdout: log, stderr: log)
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func waitForLog(_ text: String, timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !log.contains(text) {
            guard Date() < deadline else { throw TestFailure("no '\(text)' after \(timeout) s: \(log)") }
            usleep(20_000)
        }
    }

    public func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        for _ in 0..<250 where Spawn.wait(pid, block: false) == nil { usleep(20_000) }
        if Spawn.wait(pid, block: false) == nil {
            kill(pid, SIGKILL)
            _ = Spawn.wait(pid)
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
