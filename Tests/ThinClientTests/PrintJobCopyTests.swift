import Glibc
import Testing
import ThinClient

/// One job's copy from the connection to the device, with the I/O played by closures.
struct PrintJobCopyTests {
    /// A connection that delivers `bytes` in chunks of at most `chunk`.
    final class Source {
        var bytes: [UInt8]
        let chunk: Int
        init(_ bytes: [UInt8], chunk: Int) { self.bytes = bytes; self.chunk = chunk }
        func read(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
            let count = min(chunk, buffer.count, bytes.count)
            buffer.copyBytes(from: bytes.prefix(count))
            bytes.removeFirst(count)
            return count
        }
    }

    static let job = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }

    @Test func partialWritesInterruptionsAndAFullDeviceLoseNothing() {
        let source = Source(Self.job, chunk: 65536)
        var device: [UInt8] = []
        var calls = 0
        var waits = 0
        var copy = PrintJobCopy(
            read: source.read,
            write: { buffer in
                calls += 1
                switch calls % 5 {
                case 1: errno = EINTR; return -1
                case 2: errno = EAGAIN; return -1
                default:
                    let count = min(7, buffer.count)
                    device += buffer.prefix(count)
                    return count
                }
            })
        copy.waitUntilWritable = { waits += 1 }
        #expect(copy.run(bufferSize: 4096) == .printed(bytes: Self.job.count))
        #expect(device == Self.job, "every byte, in order")
        #expect(waits > 0)
    }

    @Test func aDeviceThatGoesAwayEndsTheJobWhereItFailed() {
        let source = Source(Self.job, chunk: 1000)
        var device: [UInt8] = []
        let copy = PrintJobCopy(
            read: source.read,
            write: { buffer in
                guard device.count < 5000 else { errno = ENODEV; return -1 }
                let count = min(buffer.count, 5000 - device.count)
                device += buffer.prefix(count)
                return count
            })
        #expect(copy.run() == .deviceFailed(bytes: 5000, errno: ENODEV))
    }

    @Test func aConnectionErrorIsReportedWithWhatWasPrinted() {
        var served = false
        let copy = PrintJobCopy(
            read: { buffer in
                if served { errno = ETIMEDOUT; return -1 }
                served = true
                buffer.copyBytes(from: [1, 2, 3])
                return 3
            }, write: { $0.count })
        #expect(copy.run() == .connectionFailed(bytes: 3, errno: ETIMEDOUT))
    }
}
