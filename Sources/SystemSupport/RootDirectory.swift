import Glibc
/// The directory every path of the tool is taken under (`--root`), so the whole tool can run against a scratch tree.
public struct RootDirectory: Sendable, Equatable {
    public let path: String

    public init(_ path: String = "/") {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed.isEmpty ? "/" : trimmed
    }

    /// The host path of `path` as seen on the target system: `/etc/x` under root `/tmp/r` is `/tmp/r/etc/x`.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") {
            return self.path == "/" ? path : self.path + path
        }
        return self.path == "/" ? "/" + path : self.path + "/" + path
    }
}
