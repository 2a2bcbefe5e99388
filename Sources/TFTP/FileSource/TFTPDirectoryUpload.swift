import NIOCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A WRQ being received into a temporary file next to its target; ``commit()`` renames it into place atomically,
/// ``abort()`` (or dropping it uncommitted) removes it. Both names are relative to the target's directory, held open,
/// so the upload stays where it was checked even if a path is changed meanwhile.
public final class TFTPDirectoryUpload: TFTPWritableFile {
    private let descriptor: Mutex<CInt?>
    private let directory: CInt
    let temporaryName: String
    let targetName: String

    init(descriptor: CInt, directory: CInt, temporaryName: String, targetName: String) {
        self.descriptor = Mutex(descriptor)
        self.directory = directory
        self.temporaryName = temporaryName
        self.targetName = targetName
    }

    deinit {
        self.abort()
        close(self.directory)
    }

    public func write(_ bytes: ByteBuffer, offset: Int64) throws {
        try self.descriptor.withLock { descriptor in
            guard let descriptor else {
                throw TFTPError.io(operation: "write to closed upload", errno: EBADF)
            }
            var written = 0
            while written < bytes.readableBytes {
                let position = off_t(offset + Int64(written))
                let result = bytes.withUnsafeReadableBytes { pointer in
                    pwrite(descriptor, pointer.baseAddress.map { $0 + written }, pointer.count - written, position)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw TFTPError.io(operation: "pwrite", errno: errno)
                }
                written += result
            }
        }
    }

    public func commit() throws {
        try self.descriptor.withLock { descriptor in
            guard let open = descriptor else {
                throw TFTPError.io(operation: "commit of closed upload", errno: EBADF)
            }
            descriptor = nil
            // The temporary file is created 0600; a served file must be world-readable (see TFTPDirectorySource).
            let failed = fchmod(open, 0o644) != 0 || fsync(open) != 0
            let failure = errno
            close(open)
            guard !failed, renameat(self.directory, self.temporaryName, self.directory, self.targetName) == 0 else {
                let renameFailure = failed ? failure : errno
                unlinkat(self.directory, self.temporaryName, 0)
                throw TFTPError.io(operation: "rename into \(self.targetName)", errno: renameFailure)
            }
        }
    }

    public func abort() {
        self.descriptor.withLock { descriptor in
            guard let open = descriptor else { return }
            descriptor = nil
            close(open)
            unlinkat(self.directory, self.temporaryName, 0)
        }
    }
}
