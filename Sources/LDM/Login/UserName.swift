/// A user name ldm passes to ssh (`-l NAME`). ssh never sees it through a shell, and the name still must not be able
/// to become an option or a second argument: LTSP 5 split its command line with a shell parser, so the name
/// `x -oProxyCommand=...` ran a command as root before any password was checked. Allowed: letters, digits and
/// `. _ - @` (LDAP and domain users: `jane.doe`, `jane@school`), not starting with `-` or `.`, at most 256 bytes.
public struct UserName: Equatable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) throws(LoginFailure) {
        guard !text.isEmpty else { throw .invalidUserName("Enter a user name.") }
        guard text.utf8.count <= 256 else { throw .invalidUserName("That user name is too long.") }
        guard let first = text.unicodeScalars.first, first != "-", first != "." else {
            throw .invalidUserName("A user name cannot start with '-' or '.'.")
        }
        for scalar in text.unicodeScalars where !Self.allowed(scalar) {
            let shown =
                scalar.properties.isWhitespace || scalar.value < 0x20
                ? "a space or control character"
                : "'\(scalar)'"
            throw .invalidUserName("A user name cannot contain \(shown).")
        }
        self.text = text
    }

    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-", "@": true
        default: false
        }
    }

    public var description: String { text }
}
