import Glibc

/// readlink(2) as a String.
public enum SymbolicLink {
    /// What the link at `path` points to (as written in the link), or nil when `path` is no link.
    public static func target(of path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
