import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An IPv4 UDP socket on 127.0.0.1 (or another loopback address) for hand-made packets (wrong TIDs, garbage), with a receive timeout.
///
/// The blocking receive runs on a Dispatch thread, never on Swift's cooperative pool: the server under test needs
/// that pool to open files, and a test blocking it (2 threads on 2 cores) would starve the server.
final class UDPProbe: @unchecked Sendable {
    let descriptor: CInt

    init(timeoutMilliseconds: Int = 2000, source: String = "127.0.0.1") {
        self.descriptor = socket(AF_INET, CInt(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(source)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(self.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(self.descriptor)
    }

    func send(_ bytes: [UInt8], port: Int) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = bytes.withUnsafeBytes { pointer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(
                        self.descriptor,
                        pointer.baseAddress,
                        pointer.count,
                        0,
                        $0,
                        socklen_t(MemoryLayout<sockaddr_in>.size)
                    )
                }
            }
        }
    }

    /// The next datagram and the port it came from, or nil after the timeout.
    func receive() async -> (bytes: [UInt8], port: Int)? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: self.receiveBlocking())
            }
        }
    }

    private func receiveBlocking() -> (bytes: [UInt8], port: Int)? {
        var buffer = [UInt8](repeating: 0, count: 70000)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { pointer in
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(self.descriptor, pointer.baseAddress, pointer.count, 0, $0, &length)
                }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer[..<count]), Int(UInt16(bigEndian: address.sin_port)))
    }
}
