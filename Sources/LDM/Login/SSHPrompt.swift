import Glibc

/// A question ssh (or PAM on the server, through ssh) asks on its terminal, as the greeter shows it.
public struct SSHPrompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The login password.
        case password
        /// PAM changing an expired password: the current one, the new one, the new one again.
        case currentPassword
        case newPassword
        case retypeNewPassword
        /// Anything else: a one-time code, a question.
        case other
    }

    /// ssh's words, trimmed (`alice@server's password:`).
    public var text: String
    /// The terminal did not echo: the greeter hides what is typed.
    public var hidden: Bool
    public var kind: Kind
    /// The lines ssh printed since the previous prompt (`You are required to change your password immediately`).
    public var notice: [String]

    public init(text: String, hidden: Bool, notice: [String] = []) {
        self.text = text
        self.hidden = hidden
        self.kind = Self.kind(of: text)
        self.notice = notice
    }

    /// What the words ask for (OpenSSH, Linux-PAM's pam_unix and passwd(1) wording).
    static func kind(of text: String) -> Kind {
        let lower = text.lowercased()
        guard lower.contains("password") || lower.contains("passphrase") else { return .other }
        if lower.contains("retype") || lower.contains("again") || lower.contains("repeat") { return .retypeNewPassword }
        if lower.contains("new ") { return .newPassword }
        if lower.contains("current") || lower.contains("old ") { return .currentPassword }
        return .password
    }
}
