import LTSPConfig

/// Byte-level file access for the apply engine (boot loaders are binary, so `TextFile` is not enough).
enum FileBytes {
    /// The file's bytes, or nil when it does not exist.
    static func readIfExists(_ path: String) throws(ProvisioningError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .io(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Writes `bytes` to a temporary file beside `path`, fsyncs it, then renames it over `path`: readers see the old
    /// file or the new one, never a part. On failure the temporary file is removed.
    static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws(ProvisioningError) {
        let directory = TextFile.parentDirectory(of: path)
        let temporary = "\(directory)/.\(TextFile.baseName(of: path)).kiwi-ltsp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw .io(path: temporary, operation: "create", errno: errno) }
        func fail(_ operation: String) -> ProvisioningError {
            let code = errno
            close(fd)
            unlink(temporary)
            return .io(path: temporary, operation: operation, errno: code)
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("write")
            }
            written += n
        }
        guard fchmod(fd, mode) == 0 else { throw fail("chmod") }
        guard fsync(fd) == 0 else { throw fail("fsync") }
        close(fd)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw .io(path: path, operation: "rename", errno: code)
        }
        syncDirectory(directory)
    }

    /// Makes the rename durable.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Creates the missing directories of `path` and returns them, outermost first.
    static func makeDirectories(_ path: String) throws(ProvisioningError) -> [String] {
        var created: [String] = []
        var current = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            if mkdir(current, 0o755) == 0 {
                created.append(current)
            } else if errno != EEXIST {
                throw .io(path: current, operation: "create directory", errno: errno)
            } else if !isDirectory(current) {
                throw .io(path: current, operation: "create directory", errno: ENOTDIR)
            }
        }
        return created
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func mode(of path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    static func remove(_ path: String) throws(ProvisioningError) {
        if unlink(path) != 0 && errno != ENOENT { throw .io(path: path, operation: "remove", errno: errno) }
    }
}

extension StringProtocol {
    /// Without leading and trailing blanks (spaces, tabs, CR, LF).
    func trimmedBlanks() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
