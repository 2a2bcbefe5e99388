#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import NBDWire

/// A read-only export of a file (the client root image). Every connection opens the path anew and keeps its own
/// descriptor: replacing the image by rename gives new connections the new file and leaves attached ones on the old
/// inode until they disconnect.
public struct NBDFileExport: NBDExport {
    public var name: String
    public var aliases: [String]
    public var description: String
    public var path: String

    public init(_ definition: NBDExportDefinition) {
        self.name = definition.name
        self.aliases = definition.aliases
        self.description = definition.description
        self.path = definition.path
    }

    /// proto.md "Transmission flags": every connection sees the same bytes and nothing changes them, so
    /// `NBD_FLAG_CAN_MULTI_CONN` is safe.
    public static let flags: NBDTransmissionFlags = [.hasFlags, .readOnly, .canMultiConn]

    public func open() throws -> any NBDBlockDevice {
        let descriptor = Glibc.open(self.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw NBDError(.io, "cannot open \(self.path) for export \"\(self.name)\"", errno: errno)
        }
        let size: UInt64
        do {
            size = try Self.size(of: descriptor, path: self.path)
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        return try NBDFileDevice(descriptor: descriptor, size: size, flags: Self.flags)
    }

    /// The size at open time: `fstat(2)` for a file, the end offset for a block device.
    static func size(of descriptor: CInt, path: String) throws -> UInt64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw NBDError(.io, "cannot stat \(path)", errno: errno) }
        if status.st_mode & S_IFMT == S_IFBLK {
            let end = lseek(descriptor, 0, SEEK_END)
            guard end >= 0 else { throw NBDError(.io, "cannot size \(path)", errno: errno) }
            return UInt64(end)
        }
        guard status.st_mode & S_IFMT == S_IFREG, let size = UInt64(exactly: status.st_size) else {
            throw NBDError(.io, "\(path) is not a regular file or block device")
        }
        return size
    }
}
