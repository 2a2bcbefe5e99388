/// One member of a cpio archive. Owner root, a fixed mtime: the same inputs give the same bytes.
public struct CPIOEntry: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case directory
        case file([UInt8])
        case symlink(String)
        case characterDevice(major: UInt32, minor: UInt32)
    }

    /// Relative, without a leading `/` (the kernel and cpio(1) expect `bin/sh`, not `/bin/sh`).
    public var path: String
    public var kind: Kind
    /// Permission bits only; the file type comes from `kind`.
    public var permissions: UInt32

    public init(path: String, kind: Kind, permissions: UInt32? = nil) {
        self.path = path.hasPrefix("/") ? String(path.dropFirst()) : path
        self.kind = kind
        switch kind {
        case .directory: self.permissions = permissions ?? 0o755
        case .file: self.permissions = permissions ?? 0o644
        case .symlink: self.permissions = 0o777
        case .characterDevice: self.permissions = permissions ?? 0o600
        }
    }

    var typeBits: UInt32 {
        switch kind {
        case .directory: 0o040000
        case .file: 0o100000
        case .symlink: 0o120000
        case .characterDevice: 0o020000
        }
    }

    var data: [UInt8] {
        switch kind {
        case .file(let bytes): bytes
        case .symlink(let target): Array(target.utf8)
        case .directory, .characterDevice: []
        }
    }
}
