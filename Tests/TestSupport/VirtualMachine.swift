import Foundation
import Lab
import SystemSupport

/// qemu-system-x86_64 (or `system`, e.g. qemu-system-i386) under TCG in a namespace, its serial console on a Unix socket (logged to a file) so a test
/// can read what the guest prints and type into its console, and its machine protocol (QMP) on another, to type on
/// its keyboard and take screenshots. Stopped by PID on `stop()` or deinit.
public final class VirtualMachine: @unchecked Sendable {
    public let process: BackgroundProcess
    public let consolePath: String
    public let socketPath: String
    public let qmpPath: String
    private var console: Int32 = -1
    private var qmpClient: QMPClient?

    /// `machine` are qemu's arguments for the boot (kernel or `-boot n`, NICs); this adds the console, memory, TCG.
    public init(
        namespace: NetworkNamespace, memoryMiB: Int = 768, system: String = "qemu-system-x86_64", machine: [String]
    ) throws {
        let base = "/tmp/kiwi-ltsp-vm-\(getpid())-\(UInt32.random(in: 0..<1_000_000))"
        consolePath = base + ".console"
        socketPath = base + ".sock"
        qmpPath = base + ".qmp"
        let arguments =
            [
                "ip", "netns", "exec", namespace.name, system, "-accel", "tcg", "-m", "\(memoryMiB)",
                "-smp", "1", "-display", "none", "-monitor", "none", "-no-reboot",
                "-chardev", "socket,id=console,path=\(socketPath),server=on,wait=off,logfile=\(consolePath)",
                "-serial", "chardev:console", "-qmp", "unix:\(qmpPath),server=on,wait=off",
            ] + machine
        process = try BackgroundProcess(arguments)
    }

    deinit {
        stop()
        unlink(consolePath)
        unlink(socketPath)
        unlink(qmpPath)
    }

    /// The machine protocol, connected on first use.
    public func qmp() throws -> QMPClient {
        if let qmpClient { return qmpClient }
        let client = try QMPClient(socket: qmpPath)
        qmpClient = client
        return client
    }

    public func stop() {
        if console >= 0 { close(console) }
        console = -1
        qmpClient = nil
        process.stop()
    }

    /// Everything the guest printed on its serial console so far.
    public var output: String {
        guard let data = FileManager.default.contents(atPath: consolePath) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The console's lines (qemu writes `\r\n`, one Character in Swift: split on every newline character).
    public var lines: [String] {
        output.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    var lastLines: String { lines.suffix(40).joined(separator: "\n") }

    /// Waits until the console shows `text` (after the first `marker`, when given); fails with the console's last
    /// lines (and qemu's log).
    public func waitFor(_ text: String, after marker: String? = nil, timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        func seen() -> Bool {
            let all = output
            guard let marker else { return all.contains(text) }
            guard let start = all.range(of: marker) else { return false }
            return all[start.upperBound...].contains(text)
        }
        while !seen() {
            guard Date() < deadline else {
                throw TestFailure(
                    "no '\(text)' on the console after \(Int(timeout)) s; last lines:\n"
                        + lastLines + "\nqemu: \(process.log)")
            }
            usleep(200_000)
        }
    }

    /// The console's lines that have ended: the last one, while the guest is still writing it, is left out.
    var completeLines: [String] {
        let text = output
        var lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }
        if let last = text.last, !last.isNewline, !lines.isEmpty { lines.removeLast() }
        return lines
    }

    /// The first whole console line matching `pattern` (a regular expression), waiting up to `timeout`. A line the
    /// guest is still writing does not count: it could match and then be cut (`... ready desk07 10.0.0.2 8 variabl`).
    public func waitForLine(matching pattern: String, timeout: TimeInterval) throws -> String {
        let expression = try NSRegularExpression(pattern: pattern)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            for line in completeLines {
                if expression.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil { return line }
            }
            guard Date() < deadline else {
                throw TestFailure(
                    "no line matching /\(pattern)/ on the console after \(Int(timeout)) s; last lines:\n"
                        + lastLines + "\nqemu: \(process.log)")
            }
            usleep(200_000)
        }
    }

    /// Types `text` on the serial console.
    public func type(_ text: String) throws {
        if console < 0 { console = try connect() }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(console, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw TestFailure("console write: \(String(cString: strerror(errno)))") }
    }

    /// Connects to the console socket and drains what qemu sends there (the log file has it all). Undrained, the
    /// socket fills after a few hundred bytes (qemu writes the UART's bytes one at a time, each a socket buffer of
    /// its own), qemu stops taking the UART's bytes, and the guest's console output stalls.
    private func connect() throws -> Int32 {
        let socket: Int32
        do {
            socket = try UnixStreamSocket.connect(socketPath)
        } catch {
            throw TestFailure(error.description)
        }
        let drain = dup(socket)
        guard drain >= 0 else { throw TestFailure("dup of the console socket: \(String(cString: strerror(errno)))") }
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(drain, &buffer, buffer.count) > 0 {}
            close(drain)
        }
        thread.start()
        return socket
    }
}
