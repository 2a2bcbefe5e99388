import Glibc
/// How one print job went.
public enum PrintJobOutcome: Equatable, Sendable {
    /// The connection ended and every byte it sent is on the device.
    case printed(bytes: Int)
    /// The device refused a write (unplugged, out of paper on a strict port): the job is cut there.
    case deviceFailed(bytes: Int, errno: Int32)
    /// Reading the connection failed or timed out.
    case connectionFailed(bytes: Int, errno: Int32)
}

/// Copies one job from the connection to the device. A chunk read is written whole (partial writes continued, EINTR
/// and EAGAIN retried) before the next read, so the device gets the bytes in order and none is held back.
/// The I/O is given as functions with read(2)/write(2) semantics (count, 0 at the end, -1 with `errno`).
public struct PrintJobCopy {
    public var read: (UnsafeMutableRawBufferPointer) -> Int
    public var write: (UnsafeRawBufferPointer) -> Int
    /// Called when the device said EAGAIN: wait until it takes more.
    public var waitUntilWritable: () -> Void = {}

    public init(
        read: @escaping (UnsafeMutableRawBufferPointer) -> Int,
        write: @escaping (UnsafeRawBufferPointer) -> Int
    ) {
        self.read = read
        self.write = write
    }

    public func run(bufferSize: Int = 64 << 10) -> PrintJobOutcome {
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read($0) }
            if count == 0 { return .printed(bytes: total) }
            if count < 0 {
                if errno == EINTR { continue }
                return .connectionFailed(bytes: total, errno: errno)
            }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(UnsafeRawBufferPointer(rebasing: $0[offset..<count])) }
                if written > 0 {
                    offset += written
                    total += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && errno == EAGAIN {
                    waitUntilWritable()
                } else {
                    return .deviceFailed(bytes: total, errno: written < 0 ? errno : EIO)
                }
            }
        }
    }
}
