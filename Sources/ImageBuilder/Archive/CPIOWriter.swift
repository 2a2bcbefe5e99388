/// The "new ASCII" (newc, magic 070701) cpio format the kernel unpacks as an initramfs: a 110-byte hex header,
/// the NUL-terminated name padded to 4 bytes, the data padded to 4 bytes, and a `TRAILER!!!` entry at the end.
public enum CPIOWriter {
    public static let magic = "070701"
    public static let trailer = "TRAILER!!!"

    /// The whole archive. Directories are not implied: list every parent before its children.
    public static func archive(_ entries: [CPIOEntry], modificationTime: UInt32 = 0) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(entries.reduce(512) { $0 + 128 + $1.path.utf8.count + $1.data.count })
        for (index, entry) in entries.enumerated() {
            append(entry, inode: UInt32(index + 1), modificationTime: modificationTime, to: &output)
        }
        append(
            CPIOEntry(path: trailer, kind: .file([]), permissions: 0), inode: 0, modificationTime: 0,
            to: &output, isTrailer: true)
        return output
    }

    static func append(
        _ entry: CPIOEntry, inode: UInt32, modificationTime: UInt32, to output: inout [UInt8],
        isTrailer: Bool = false
    ) {
        let name = Array(entry.path.utf8) + [0]
        let data = entry.data
        var device: (UInt32, UInt32) = (0, 0)
        if case .characterDevice(let major, let minor) = entry.kind { device = (major, minor) }
        let fields: [UInt32] = [
            inode,
            isTrailer ? 0 : entry.typeBits | entry.permissions,
            0, 0,  // uid, gid
            isTrailer ? 1 : (entry.kind == .directory ? 2 : 1),
            modificationTime,
            UInt32(data.count),
            0, 0,  // device holding the file
            device.0, device.1,
            UInt32(name.count),
            0,  // checksum (only for 070702)
        ]
        output += Array(magic.utf8)
        for field in fields { output += hex8(field) }
        output += name
        pad(&output)
        output += data
        pad(&output)
    }

    static func hex8(_ value: UInt32) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return (0..<8).reversed().map { digits[Int((value >> (UInt32($0) * 4)) & 0xf)] }
    }

    static func pad(_ output: inout [UInt8]) {
        while output.count % 4 != 0 { output.append(0) }
    }
}
