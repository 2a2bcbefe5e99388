import Glibc

/// One version of the root image, mapped read-only: replies copy sectors straight from the mapping. A file replaced
/// by a rename keeps its old inode (and this mapping) for the clients that opened it.
final class AoEImage {
    let path: String
    let device: UInt64
    let inode: UInt64
    /// Whole 512-byte sectors; a trailing partial sector is not served.
    let sectors: UInt64
    private let base: UnsafeRawPointer?

    init(path: String) throws(AoEServerError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw AoEServerError("\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw AoEServerError("\(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw AoEServerError("\(path): not a regular file") }
        self.path = path
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        sectors = UInt64(status.st_size) / 512
        if sectors == 0 {
            base = nil
            return
        }
        let mapping = mmap(nil, Int(sectors * 512), PROT_READ, MAP_SHARED, descriptor, 0)
        guard let mapping, mapping != MAP_FAILED else {
            throw AoEServerError("\(path): mmap: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(mapping)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), Int(sectors * 512)) }
    }

    /// Whether the file at `path` is still this one.
    func isCurrent() -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// Copies `range` (checked by the target against `sectors`) to `destination`.
    func copy(_ range: Range<UInt64>, to destination: UnsafeMutableRawPointer) {
        guard let base, range.upperBound <= sectors else { return }
        destination.copyMemory(from: base + Int(range.lowerBound * 512), byteCount: Int(range.count) * 512)
    }
}
