import Glibc
import SystemSupport

/// A pseudo-terminal pair for ssh: ssh reads passwords from its terminal, never from a pipe, so ldm holds the master
/// side and ssh gets the slave as its controlling terminal (spawned in a new session that opens it).
public final class PseudoTerminal {
    public let master: Int32
    public let slavePath: String

    /// Linux's <asm-generic/ioctls.h>: unlock the slave, get its number (what unlockpt(3) and ptsname(3) do;
    /// the Glibc module does not export those X/Open calls).
    static let unlockRequest: UInt = 0x4004_5431  // TIOCSPTLCK
    static let numberRequest: UInt = 0x8004_5430  // TIOCGPTN

    public init() throws(LoginFailure) {
        let fd = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard fd >= 0, ioctl(fd, Self.unlockRequest, &unlock) == 0, ioctl(fd, Self.numberRequest, &number) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw .other("cannot open a pseudo-terminal: \(reason)")
        }
        master = fd
        slavePath = "/dev/pts/\(number)"
    }

    deinit { close(master) }

    /// Starts `arguments` on the slave side as its controlling terminal.
    public func spawn(_ arguments: [String], environment: [String]) -> Result<pid_t, ProcessSpawn.Failure> {
        ProcessSpawn.start(
            arguments[0].hasPrefix("/") ? arguments[0] : Self.lookUp(arguments[0]), arguments,
            standard: .terminal(slavePath), environment: environment, newSession: true)
    }

    /// Whether the terminal echoes input now: off while ssh (or PAM through it) reads a password.
    public var echoes: Bool {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return true }
        return settings.c_lflag & tcflag_t(ECHO) != 0
    }

    /// What is there to read now; nil at the end (the other side closed: EIO on Linux).
    public func readAvailable() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if count > 0 { return Array(buffer[0..<count]) }
        if count < 0 && (errno == EAGAIN || errno == EINTR) { return [] }
        return nil
    }

    public func write(_ text: String) {
        DescriptorIO.writeAll(text, to: master)
    }

    /// `name` in the standard directories (posix_spawn does not search PATH).
    static func lookUp(_ name: String) -> String {
        for directory in ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"]
        where access("\(directory)/\(name)", X_OK) == 0 {
            return "\(directory)/\(name)"
        }
        return "/usr/bin/\(name)"
    }
}
