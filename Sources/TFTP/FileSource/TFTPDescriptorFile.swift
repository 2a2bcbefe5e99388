import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only file open on a descriptor, read with `pread` (no shared offset, safe from any thread).
///
/// The descriptor is closed when the last reference goes away.
public final class TFTPDescriptorFile: TFTPFile {
    public let size: Int64
    private let descriptor: CInt

    /// Takes ownership of `descriptor`.
    init(descriptor: CInt, size: Int64) {
        self.descriptor = descriptor
        self.size = size
    }

    deinit {
        close(self.descriptor)
    }

    /// A descriptor of the same open file that the caller owns (the HTTP server hands it to sendfile(2)); nil when
    /// the process is out of descriptors.
    public func duplicateDescriptor() -> CInt? {
        let duplicate = fcntl(self.descriptor, F_DUPFD_CLOEXEC, 0)
        return duplicate >= 0 ? duplicate : nil
    }

    public func read(into buffer: inout ByteBuffer, offset: Int64, count: Int) throws -> Int {
        guard count > 0, offset < self.size else { return 0 }
        var total = 0
        while total < count {
            let descriptor = self.descriptor
            let wanted = count - total
            let position = off_t(offset + Int64(total))
            var failure: CInt = 0
            let got = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { pointer in
                let result = pread(descriptor, pointer.baseAddress, wanted, position)
                if result < 0 {
                    failure = errno
                    return 0
                }
                return result
            }
            if failure == EINTR {
                continue
            }
            if failure != 0 {
                throw TFTPError.io(operation: "pread", errno: failure)
            }
            if got == 0 {
                break
            }
            total += got
        }
        return total
    }
}
