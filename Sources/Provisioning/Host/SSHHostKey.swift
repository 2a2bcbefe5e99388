import SystemSupport

/// One public host key of the server, as in `/etc/ssh/ssh_host_*_key.pub`: `TYPE BASE64 [comment]`.
public struct SSHHostKey: Equatable, Sendable {
    public var type: String
    public var base64: String

    public init(type: String, base64: String) {
        self.type = type
        self.base64 = base64
    }

    /// The key types `ssh-keygen -A` makes, in the order clients prefer them.
    public static let keyTypes = ["ed25519", "ecdsa", "rsa"]

    /// `/etc/ssh/ssh_host_TYPE_key` for each type, as seen on the target.
    public static var privateKeyPaths: [String] { keyTypes.map { "/etc/ssh/ssh_host_\($0)_key" } }

    /// Parses one `.pub` file; nil when it is not a public key line.
    public init?(publicKeyText: String) {
        let fields = publicKeyText.trimmed().split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2, fields[0].hasPrefix("ssh-") || fields[0].hasPrefix("ecdsa-") else { return nil }
        type = String(fields[0])
        base64 = String(fields[1])
    }

    /// The host's public keys under `root`, in `keyTypes` order; missing files are left out.
    public static func load(root: RootDirectory) -> [SSHHostKey] {
        keyTypes.compactMap { type in
            (try? TextFile.read(root.resolve("/etc/ssh/ssh_host_\(type)_key.pub"))).flatMap(SSHHostKey.init)
        }
    }

    /// True when a key type `ssh-keygen -A` would make is missing under `root`.
    public static func anyMissing(root: RootDirectory) -> Bool {
        privateKeyPaths.contains { !TextFile.exists(root.resolve($0)) }
    }
}
