import Glibc
import SystemSupport

/// The client's X server for one screen: started with a fresh cookie in its own authority file, ready when it writes
/// its display number to the `-displayfd` pipe. ldm starts it again only when it dies.
public final class XServer {
    public let command: XServerCommand
    public let hostname: String
    public let log: LDMLog
    public private(set) var pid: pid_t?
    /// The cookie of the running server, for LDM_DIRECTX's `xauth add` on the server.
    public private(set) var cookie: [UInt8] = []

    /// How long X may take to come up (Xorg under emulation with software rendering: seconds).
    public static let startTimeout: Duration = .seconds(60)

    public init(command: XServerCommand, hostname: String, log: LDMLog) {
        self.command = command
        self.hostname = hostname
        self.log = log
    }

    public var display: String { ":\(command.display)" }

    public var isRunning: Bool {
        guard let pid else { return false }
        if Children.poll(pid) != nil {
            self.pid = nil
            return false
        }
        return true
    }

    /// The environment of X clients ldm starts (greeter, ssh).
    public var clientEnvironment: [String] {
        ["DISPLAY=\(display)", "XAUTHORITY=\(command.authorityFile)"]
    }

    /// Writes a new cookie, starts X and waits until it is ready.
    public func start() throws(LoginFailure) {
        cookie = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let authority = XAuthority(display: command.display, hostname: hostname, cookie: cookie)
        do {
            try TextFile.writeAtomically(bytes: authority.bytes, to: command.authorityFile, mode: 0o600)
        } catch {
            throw .other("cannot write \(command.authorityFile): \(error)")
        }
        guard let ready = DescriptorIO.makePipe() else { throw .other("pipe: \(String(cString: strerror(errno)))") }
        defer { close(ready.read) }
        // X writes to descriptor 3 of its own: the write end goes there (ProcessSpawn closes everything else).
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        let started = ProcessSpawn.start(
            command.executable, command.arguments(displayFD: 3),
            standard: .descriptors(stdin: nil, stdout: null, stderr: null),
            environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], newSession: true,
            extraDescriptors: [(ready.write, 3)])
        close(ready.write)
        guard case .success(let started) = started else {
            throw .other("cannot start \(command.executable); is xserver-xorg-core in the image?")
        }
        pid = started
        var answer: [UInt8] = []
        let clock = ContinuousClock()
        let deadline = clock.now + Self.startTimeout
        while clock.now < deadline {
            var descriptor = pollfd(fd: ready.read, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 200) > 0 {
                var buffer = [UInt8](repeating: 0, count: 64)
                let count = buffer.withUnsafeMutableBytes { read(ready.read, $0.baseAddress, $0.count) }
                if count > 0 { answer += buffer[0..<count] }
                if answer.contains(UInt8(ascii: "\n")) || count == 0 { break }
            }
            guard isRunning else {
                throw .other("X exited at start; see /var/log/Xorg.\(command.display).log")
            }
            if StopRequest.received {
                stop()
                throw .other("stopped while X was starting")
            }
        }
        let text = String(decoding: answer, as: UTF8.self).trimmed()
        guard Int(text) == command.display else {
            stop()
            throw .other("X did not become ready on \(display) within \(Self.startTimeout.components.seconds) s")
        }
    }

    public func stop() {
        if let pid { Children.stop(pid) }
        pid = nil
    }
}
