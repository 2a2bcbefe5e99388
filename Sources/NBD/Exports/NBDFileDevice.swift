#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import CKiwiSystem
import NBDWire
import NIOCore

/// A block device on an open file descriptor. Reads go out as `FileRegion`s (`sendfile(2)`), writes with
/// `pwrite(2)`, persistence with `fdatasync(2)`. The descriptor keeps the inode it was opened on, whatever happens to
/// the path afterwards.
public final class NBDFileDevice: NBDBlockDevice, @unchecked Sendable {
    // Sendable: `descriptor` and the flags never change; `regionHandle` is only touched on the connection's event loop
    // by the channel writing its file regions, and closed after the channel is gone.
    public let size: UInt64
    public let flags: NBDTransmissionFlags
    private let descriptor: CInt
    /// A duplicate of `descriptor` for `FileRegion`: NIO lets one handle be used by one caller at a time, and
    /// `persist()` runs on another thread.
    private let regionHandle: NIOFileHandle
    private var isClosed = false
    private let onClose: (@Sendable () -> Void)?

    /// Takes ownership of `descriptor`; `onClose` runs once, when the device closes.
    public init(
        descriptor: CInt, size: UInt64, flags: NBDTransmissionFlags,
        onClose: (@Sendable () -> Void)? = nil
    ) throws {
        let duplicate = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard duplicate >= 0 else {
            let error = errno
            Glibc.close(descriptor)
            throw NBDError(.io, "cannot duplicate the export's descriptor", errno: error)
        }
        self.onClose = onClose
        self.descriptor = descriptor
        self.regionHandle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: duplicate)
        self.size = size
        self.flags = flags
    }

    deinit {
        self.close()
    }

    public func read(offset: UInt64, length: UInt32) throws -> IOData {
        guard let start = Int(exactly: offset) else { throw NBDError(.io, "read offset \(offset) out of range") }
        return .fileRegion(FileRegion(fileHandle: self.regionHandle, readerIndex: start, endIndex: start + Int(length)))
    }

    public func write(_ data: ByteBuffer, at offset: UInt64) throws {
        try data.withUnsafeReadableBytes { bytes in
            var done = 0
            while done < bytes.count {
                let written = pwrite(
                    self.descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done,
                    off_t(offset) + off_t(done))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw NBDError(.io, "pwrite of \(bytes.count) bytes at \(offset)", errno: errno)
                }
                done += written
            }
        }
    }

    public func writeZeroes(offset: UInt64, length: UInt32, mayPunchHole: Bool) throws {
        let mode = mayPunchHole ? Self.punchHole : Self.zeroRange
        if Self.fallocate(self.descriptor, mode, off_t(offset), off_t(length)) == 0 { return }
        guard errno == EOPNOTSUPP || errno == ENOSYS else {
            throw NBDError(.io, "fallocate of \(length) bytes at \(offset)", errno: errno)
        }
        // The file system cannot do it in place: write real zeroes.
        let chunk = min(Int(length), 1 << 20)
        var zeroes = ByteBuffer(repeating: 0, count: chunk)
        var position = offset
        let end = offset + UInt64(length)
        while position < end {
            let count = Int(min(UInt64(chunk), end - position))
            zeroes.moveWriterIndex(to: count)
            try self.write(zeroes, at: position)
            position += UInt64(count)
        }
    }

    public func trim(offset: UInt64, length: UInt32) throws {
        // proto.md "`NBD_CMD_TRIM`": the server MAY ignore it, so a file system without holes is not an error.
        _ = Self.fallocate(self.descriptor, Self.punchHole, off_t(offset), off_t(length))
    }

    public func persist() throws {
        guard fdatasync(self.descriptor) == 0 else { throw NBDError(.io, "fdatasync", errno: errno) }
    }

    public func close() {
        guard !self.isClosed else { return }
        self.isClosed = true
        try? self.regionHandle.close()
        Glibc.close(self.descriptor)
        self.onClose?()
    }

    /// `fallocate(2)`, a GNU extension, through the CKiwiSystem shim.
    private static func fallocate(_ descriptor: CInt, _ mode: CInt, _ offset: off_t, _ length: off_t) -> CInt {
        kiwi_fallocate(descriptor, mode, Int64(offset), Int64(length))
    }

    /// linux/falloc.h: `FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE`.
    private static let punchHole: CInt = 0x01 | 0x02
    /// linux/falloc.h: `FALLOC_FL_KEEP_SIZE | FALLOC_FL_ZERO_RANGE`.
    private static let zeroRange: CInt = 0x01 | 0x10
}
