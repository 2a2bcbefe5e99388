import Glibc
import LTSPConfig
import NetworkValues

/// One printer's raw socket (jetpipe): a job is a TCP connection whose bytes all go to the device. One job at a
/// time: the next connection waits in the listen queue until the device has taken the last byte of this one
/// (`tcdrain` on a serial port) and the device is closed. Only the login servers may connect; anyone else is closed
/// at once. A device that cannot be opened (missing, busy) costs a log line and a closed connection.
public final class PrinterService: @unchecked Sendable {
    public let definition: PrinterDefinition
    public let allowed: Set<IPv4Address>
    private let log: ClientLog
    private let listener: Int32
    /// The port the socket is bound to (the definition's, or the kernel's pick for port 0).
    public let port: Int
    /// A connection that sends nothing for this long ends its job.
    static let idleSeconds = 60

    /// Binds the port (`bindAddress`, all IPv4 addresses by default).
    public init(
        _ definition: PrinterDefinition, allowed: Set<IPv4Address>, log: ClientLog = ClientLog(),
        bindAddress: IPv4Address = IPv4Address(0)
    ) throws(PrinterServiceError) {
        self.definition = definition
        self.allowed = allowed
        self.log = log
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw PrinterServiceError(operation: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(definition.port)).bigEndian
        address.sin_addr.s_addr = bindAddress.value.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 4) == 0 else {
            let error = errno
            close(descriptor)
            throw PrinterServiceError(operation: "listen on port \(definition.port)", errno: error)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.listener = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(listener) }

    /// Serves jobs until the process ends.
    public func run() -> Never {
        while true { serveNext() }
    }

    /// ``run()`` on a detached thread of its own.
    public func start() throws(PrinterServiceError) {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<PrinterService>.fromOpaque(context!).takeUnretainedValue().run()
            }, context)
        guard status == 0 else {
            Unmanaged<PrinterService>.fromOpaque(context).release()
            throw PrinterServiceError(operation: "pthread_create", errno: status)
        }
        pthread_detach(thread)
    }

    /// Accepts one connection and serves it as one job (or refuses it).
    public func serveNext() {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let connection = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
        }
        if connection >= 0 { _ = fcntl(connection, F_SETFD, FD_CLOEXEC) }
        guard connection >= 0 else {
            if errno != EINTR { usleep(100_000) }
            return
        }
        defer { close(connection) }
        let peer = IPv4Address(UInt32(bigEndian: address.sin_addr.s_addr))
        let name = "printer \(definition.index) (\(definition.device), port \(port))"
        guard allowed.contains(peer) else {
            log.error("\(name): connection from \(peer) refused: not a login server")
            return
        }
        let device = open(definition.device, O_WRONLY | O_APPEND | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard device >= 0 else {
            log.error("\(name): job from \(peer) refused: \(String(cString: strerror(errno)))")
            return
        }
        defer { close(device) }
        _ = fcntl(device, F_SETFL, fcntl(device, F_GETFL) & ~O_NONBLOCK)
        let isSerial = isatty(device) == 1
        if isSerial, let error = SerialPort.configure(device, definition.serial) {
            log.error("\(name): serial settings not applied: \(String(cString: strerror(error)))")
        }
        var timeout = timeval(tv_sec: Self.idleSeconds, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let copy = PrintJobCopy(
            read: { Glibc.read(connection, $0.baseAddress, $0.count) },
            write: { Glibc.write(device, $0.baseAddress, $0.count) })
        let outcome = copy.run()
        // The job is over only when the device has it: the next job starts after this.
        if isSerial { tcdrain(device) } else { fsync(device) }
        switch outcome {
        case .printed(let bytes):
            log.output("\(name): printed \(bytes) bytes from \(peer)")
        case .deviceFailed(let bytes, let error):
            log.error("\(name): device failed after \(bytes) bytes from \(peer): \(String(cString: strerror(error)))")
        case .connectionFailed(let bytes, let error):
            log.error("\(name): job from \(peer) cut after \(bytes) bytes: \(String(cString: strerror(error)))")
        }
    }
}

public struct PrinterServiceError: Error, CustomStringConvertible {
    public var operation: String
    public var errno: Int32
    public var description: String { "\(operation): \(String(cString: strerror(errno)))" }
}
