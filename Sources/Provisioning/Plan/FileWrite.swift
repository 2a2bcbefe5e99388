import Glibc
/// One file the plan installs. `path` is as seen on the target system (the engine resolves it under `--root`).
public struct FileWrite: Equatable, Sendable {
    public enum Policy: Equatable, Sendable {
        /// Write when the content differs; keep a backup of what was there.
        case replace
        /// Write only when no file exists (lts.conf: the admin's file is never overwritten).
        case createOnly
        /// Like `replace`, but only when this directory exists; otherwise skipped (the chroot's known_hosts
        /// waits for `kiwi-ltsp image` to make the chroot).
        case replaceInExistingDirectory(String)
    }

    public var path: String
    public var content: [UInt8]
    public var mode: mode_t
    public var policy: Policy
    /// False for binaries (boot loaders): the dry run says "binary file differs" instead of a diff.
    public var isText: Bool

    public init(path: String, text: String, mode: mode_t = 0o644, policy: Policy = .replace) {
        self.path = path
        self.content = Array(text.utf8)
        self.mode = mode
        self.policy = policy
        self.isText = true
    }

    public init(path: String, bytes: [UInt8], mode: mode_t = 0o644, policy: Policy = .replace) {
        self.path = path
        self.content = bytes
        self.mode = mode
        self.policy = policy
        self.isText = false
    }

    public var text: String { String(decoding: content, as: UTF8.self) }
}
