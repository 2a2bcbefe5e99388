import NIOCore

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
/// is taken under the root like tftpd-hpa `-s`), then resolved with `realpath` and refused unless the result is
/// still under the root, so symlinks (of files or directories) that leave the root are refused. The resolved path
/// is opened with `O_NOFOLLOW` (a last component swapped for a symlink after the check fails to open) and
/// `O_NONBLOCK` (a FIFO cannot stall the server). Only regular files are served; a directory is "not found".
/// Because the server usually runs as root, files must also be world-readable by default, as tftpd-hpa requires.
public struct TFTPDirectorySource: TFTPFileSource {
    /// The root directory, resolved (no symlinks, no trailing slash).
    public let root: String
    /// Refuse files that are not readable by "others" (mode o+r).
    public var requireWorldReadable: Bool

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
    }

    public func openForReading(_ name: String, client: SocketAddress) async throws -> any TFTPFile {
        try self.openFile(name)
    }

    public func openForWriting(_ name: String, client: SocketAddress) async throws -> any TFTPWritableFile {
        try self.createFile(name)
    }

    /// Opens `name` for reading (synchronous form of ``openForReading(_:client:)``).
    public func openFile(_ name: String) throws -> TFTPDescriptorFile {
        let path = try self.resolveInsideRoot(name, TFTPFileName.components(of: name))
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
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

    /// Creates a temporary file next to `name` that replaces it atomically on commit (for WRQ).
    public func createFile(_ name: String) throws -> TFTPDirectoryUpload {
        let components = try TFTPFileName.components(of: name)
        guard let fileName = components.last else {
            throw TFTPError.accessViolation(name: name, reason: "no file name")
        }
        let directory = try self.resolveInsideRoot(name, Array(components.dropLast()), allowRoot: true)
        let target = directory + "/" + fileName
        var info = stat()
        if lstat(target, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw TFTPError.accessViolation(name: name, reason: "target exists and is not a regular file")
        }
        var template = Array((directory + "/." + fileName + ".tftp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { pointer -> CInt in
            guard let base = pointer.baseAddress else { return -1 }
            let descriptor = mkstemp(base)
            if descriptor >= 0 {
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
            return descriptor
        }
        guard descriptor >= 0 else {
            throw TFTPError.io(operation: "mkstemp in \(directory)", errno: errno)
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return TFTPDirectoryUpload(descriptor: descriptor, temporaryPath: temporary, targetPath: target)
    }

    /// Resolves `components` under the root with `realpath` and refuses results outside it.
    private func resolveInsideRoot(_ name: String, _ components: [String], allowRoot: Bool = false) throws -> String {
        let path = ([self.root] + components).joined(separator: "/")
        guard let resolved = Self.realPath(path) else {
            throw Self.openError(name, errno: errno)
        }
        if allowRoot, resolved == self.root {
            return resolved
        }
        let prefix = self.root == "/" ? "/" : self.root + "/"
        guard resolved.utf8.starts(with: prefix.utf8), resolved.utf8.count > prefix.utf8.count else {
            throw TFTPError.accessViolation(name: name, reason: "resolves outside the root")
        }
        return resolved
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
