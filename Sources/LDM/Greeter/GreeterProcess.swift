import Glibc
import GreeterProtocol
import SystemSupport

/// The greeter, `ldm-greeter`, as ldm's child: requests go down its standard input, replies come up its standard
/// output (the line protocol of ``GreeterRequest`` and ``GreeterReply``); its standard error is ldm's (the console).
public final class GreeterProcess {
    public enum Event: Equatable {
        case reply(GreeterReply)
        /// The greeter exited or closed its output.
        case gone
        /// Nothing within the wait.
        case idle
    }

    public let pid: pid_t
    private let input: Int32
    private let output: Int32
    private var splitter = GreeterLine.Splitter()
    private var queued: [GreeterReply] = []
    private var closed = false
    private let log: LDMLog

    public init(executable: String, arguments: [String], environment: [String], log: LDMLog) throws(LoginFailure) {
        guard let down = DescriptorIO.makePipe(), let up = DescriptorIO.makePipe() else {
            throw .other("pipe: \(String(cString: strerror(errno)))")
        }
        let started = ProcessSpawn.start(
            executable, [executable] + arguments,
            standard: .descriptors(stdin: down.read, stdout: up.write, stderr: 2),
            environment: environment)
        close(down.read)
        close(up.write)
        guard case .success(let pid) = started else {
            close(down.write)
            close(up.read)
            throw .other("cannot start the greeter \(executable)")
        }
        self.pid = pid
        input = down.write
        output = up.read
        self.log = log
        // A greeter that died must not take ldm with it through SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        close(input)
        close(output)
        Children.stop(pid)
    }

    public func send(_ request: GreeterRequest) {
        guard !closed else { return }
        if !DescriptorIO.writeAll(request.line + "\n", to: input) { closed = true }
    }

    /// The next reply, waiting up to `timeout`.
    public func next(timeout: Duration) -> Event {
        if !queued.isEmpty { return .reply(queued.removeFirst()) }
        guard !closed else { return .gone }
        var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = timeout.components
        let ready = poll(&descriptor, 1, Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        guard ready > 0 else { return Children.poll(pid) == nil ? .idle : gone() }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return .idle }
        guard count > 0 else { return gone() }
        do {
            for line in try splitter.feed(buffer[0..<count]) {
                do {
                    queued.append(try GreeterReply(line: Substring(line)))
                } catch {
                    log.error("greeter: \(error)")
                }
            }
        } catch {
            log.error("greeter: \(error)")
            return gone()
        }
        return queued.isEmpty ? .idle : .reply(queued.removeFirst())
    }

    private func gone() -> Event {
        closed = true
        return .gone
    }

    /// `quit`, then a moment for the greeter to close its window, then it is ended.
    public func quit() {
        send(.quit)
        _ = Children.wait(pid, timeout: .seconds(3))
        closed = true
    }
}
