import Glibc
/// Whole-file reads and atomic writes (temporary file beside the target, then rename).
public enum TextFile {
    public static func read(_ path: String) throws(SystemError) -> String {
        String(decoding: try readBytes(path), as: UTF8.self)
    }

    /// The whole file as bytes (boot loaders are binary).
    public static func readBytes(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError(path: path, operation: "read", errno: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func writeAtomically(_ text: String, to path: String, mode: mode_t = 0o644) throws(SystemError) {
        try writeAtomically(bytes: Array(text.utf8), to: path, mode: mode)
    }

    /// Writes `bytes` to a temporary file beside `path`, fsyncs it, renames it over `path` and fsyncs the folder:
    /// readers see the old file or the new one, never a part. On failure the temporary file is removed.
    public static func writeAtomically(bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(SystemError) {
        let directory = parentDirectory(of: path)
        try makeDirectories(directory)
        let temporary = "\(directory)/.\(baseName(of: path)).tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw SystemError(path: temporary, operation: "create", errno: errno) }
        func fail(_ operation: String) -> SystemError {
            let code = errno
            close(fd)
            unlink(temporary)
            return SystemError(path: temporary, operation: operation, errno: code)
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
            throw SystemError(path: path, operation: "rename", errno: code)
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    public static func makeDirectories(_ path: String) throws(SystemError) {
        var current = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw SystemError(path: current, operation: "mkdir", errno: errno)
            }
        }
    }

    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
