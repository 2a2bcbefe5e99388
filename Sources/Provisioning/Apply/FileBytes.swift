import Glibc
import SystemSupport

/// Byte-level file access for the apply engine (boot loaders are binary, so `TextFile` is not enough).
enum FileBytes {
    /// The file's bytes, or nil when it does not exist.
    static func readIfExists(_ path: String) throws(ProvisioningError) -> [UInt8]? {
        do {
            return try TextFile.readBytes(path)
        } catch  where error.operation == "open" && (error.errno == ENOENT || error.errno == ENOTDIR) {
            return nil
        } catch {
            throw ProvisioningError(error)
        }
    }

    /// `TextFile.writeAtomically`: temporary file, fsync, rename, fsync of the folder.
    static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws(ProvisioningError) {
        do {
            try TextFile.writeAtomically(bytes: bytes, to: path, mode: mode)
        } catch {
            throw ProvisioningError(error)
        }
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
