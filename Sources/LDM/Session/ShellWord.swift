/// A word for the remote shell that runs ssh's command on the server: single-quoted, each `'` written as `'\''`.
/// Single quotes mean the same in sh, bash, dash, zsh and csh, so the user's login shell reads the value as written.
public enum ShellWord {
    public static func quoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
