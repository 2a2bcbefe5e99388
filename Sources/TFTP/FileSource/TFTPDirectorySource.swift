import CKiwiSystem
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serves files from one directory and never anything outside it.
///
/// Names are checked by ``TFTPFileName`` (no `..`, control characters, backslashes, overlong names; a leading `/`
/// is taken under the root like tftpd-hpa `-s`), then opened below the root in one step by the kernel
/// (``TFTPRootDirectory``: openat2 with RESOLVE_BENEATH), so no symlink, rename or race can lead outside it. Files
/// open with `O_NONBLOCK` (a FIFO cannot stall the server). Only regular files are served; a directory is "not
/// found". Because the server usually runs as root, files must also be world-readable by default, as tftpd-hpa
/// requires.
public struct TFTPDirectorySource: TFTPFileSource {
    /// The root directory, resolved (no symlinks, no trailing slash).
    public let root: String
    /// Refuse files that are not readable by "others" (mode o+r).
    public var requireWorldReadable: Bool
    private let directory: TFTPRootDirectory

    /// - Throws: ``TFTPError/fileNotFound(name:)`` when `root` does not exist or is not a directory.
    public init(root: String, requireWorldReadable: Bool = true) throws {
        guard let resolved = Self.realPath(root) else {
            throw TFTPError.fileNotFound(name: root)
        }
        var info = stat()
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw TFTPError.fileNotFound(name: root)
        }
        self.root = resolved
        self.requireWorldReadable = requireWorldReadable
        self.directory = try TFTPRootDirectory(path: resolved)
    }

    /// Opens on NIO's blocking thread pool: an open can wait on a slow disk or network file system, and Swift's
    /// cooperative pool (one thread per CPU) must never block.
    public func openForReading(_ name: String, client: SocketAddress) async throws -> any TFTPFile {
        try await NIOThreadPool.singleton.runIfActive { try self.openFile(name) }
    }

    public func openForWriting(_ name: String, client: SocketAddress) async throws -> any TFTPWritableFile {
        try await NIOThreadPool.singleton.runIfActive { try self.createFile(name) }
    }

    /// Opens `name` for reading (synchronous form of ``openForReading(_:client:)``).
    public func openFile(_ name: String) throws -> TFTPDescriptorFile {
        let descriptor = self.directory.open(try TFTPFileName.components(of: name), flags: O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw Self.openError(name, errno: errno)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let failure = errno
            close(descriptor)
            throw TFTPError.io(operation: "fstat", errno: failure)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw TFTPError.fileNotFound(name: name)
        }
        guard !self.requireWorldReadable || (info.st_mode & S_IROTH) != 0 else {
            close(descriptor)
            throw TFTPError.accessViolation(name: name, reason: "file is not world-readable")
        }
        return TFTPDescriptorFile(descriptor: descriptor, size: Int64(info.st_size))
    }

    /// Creates a temporary file in `name`'s directory (opened below the root like a read) that replaces it
    /// atomically on commit (for WRQ). Nothing is created outside the root: the temporary file and the rename are
    /// relative to that directory's descriptor.
    public func createFile(_ name: String) throws -> TFTPDirectoryUpload {
        let components = try TFTPFileName.components(of: name)
        guard let fileName = components.last else {
            throw TFTPError.accessViolation(name: name, reason: "no file name")
        }
        let directory = self.directory.open(Array(components.dropLast()), flags: kiwi_o_path | O_DIRECTORY)
        guard directory >= 0 else {
            throw Self.openError(name, errno: errno)
        }
        var info = stat()
        if fstatat(directory, fileName, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            close(directory)
            throw TFTPError.accessViolation(name: name, reason: "target exists and is not a regular file")
        }
        for _ in 0..<16 {
            let temporary = "." + fileName + ".tftp-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let descriptor = openat(directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                return TFTPDirectoryUpload(
                    descriptor: descriptor, directory: directory, temporaryName: temporary,
                    targetName: fileName)
            }
            guard errno == EEXIST else { break }
        }
        let failure = errno
        close(directory)
        throw TFTPError.io(operation: "create a temporary file for \(name)", errno: failure)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func openError(_ name: String, errno: CInt) -> TFTPError {
        switch errno {
        case ENOENT, ENOTDIR:
            return .fileNotFound(name: name)
        case EXDEV:
            return .accessViolation(name: name, reason: "resolves outside the root")
        case ELOOP:
            return .accessViolation(name: name, reason: "symbolic link")
        case EACCES, EPERM:
            return .accessViolation(name: name, reason: "permission denied")
        case ENAMETOOLONG:
            return .accessViolation(name: name, reason: "name too long")
        default:
            return .io(operation: "open \(name)", errno: errno)
        }
    }
}
