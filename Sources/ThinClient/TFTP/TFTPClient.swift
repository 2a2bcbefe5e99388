import Glibc
import NetworkValues
import TFTPWire

/// Downloads one file over TFTP with a blocking UDP socket: the I/O around `TFTPDownload`. Datagrams from any other
/// address than the server's are dropped; the state machine handles ports (transfer IDs), retries and the time limit.
public struct TFTPClient: Sendable {
    public var server: IPv4Address
    public var settings: TFTPDownload.Settings

    public init(server: IPv4Address, settings: TFTPDownload.Settings = TFTPDownload.Settings()) {
        self.server = server
        self.settings = settings
    }

    public func download(_ filename: String) throws(TFTPDownloadError) -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .network("cannot open a UDP socket: \(Self.errorText())") }
        defer { close(fd) }
        let clock = ContinuousClock()
        let start = clock.now
        var machine = TFTPDownload(filename: filename, settings: settings)
        var actions = machine.start(now: clock.now - start)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            for action in actions {
                switch action {
                case .send(let packet, let port): try send(packet, to: port, on: fd)
                case .finished(let bytes): return bytes
                case .failed(let error): throw error
                }
            }
            actions = []
            guard let deadline = machine.deadline else { throw .network("the transfer ended without a result") }
            let remaining = deadline - (clock.now - start)
            guard remaining > .zero else {
                actions = machine.timeout(now: clock.now - start)
                continue
            }
            var pollDescriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollDescriptor, 1, Self.milliseconds(remaining))
            if ready < 0 && errno != EINTR { throw .network("poll: \(Self.errorText())") }
            guard ready > 0 else { continue }
            var source = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let count = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &source) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, bytes.baseAddress, bytes.count, 0, $0, &length)
                    }
                }
            }
            guard count >= 0, UInt32(bigEndian: source.sin_addr.s_addr) == server.value else { continue }
            actions = machine.receive(
                Array(buffer[0..<count]), fromPort: UInt16(bigEndian: source.sin_port),
                now: clock.now - start)
        }
    }

    private func send(_ packet: TFTPClientPacket, to port: UInt16, on fd: Int32) throws(TFTPDownloadError) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = server.value.bigEndian
        let bytes = packet.bytes
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        // A lost datagram is retransmitted on timeout; only a local failure (no route) is worth stopping for.
        if sent < 0 && (errno == ENETUNREACH || errno == EHOSTUNREACH) {
            throw .network("cannot reach \(server): \(Self.errorText())")
        }
    }

    /// Rounded up, so a wait never ends just before the deadline and spins.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
