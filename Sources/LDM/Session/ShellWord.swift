/// A word for the remote shell that runs ssh's command on the server: single-quoted, each `'` written as `'\''`.
/// Single quotes mean the same in sh, bash, dash, zsh and csh, so the user's login shell reads the value as written.
/// The quotes are found per Unicode scalar: a `'` followed by a combining mark is one Swift Character, and splitting
/// on Characters would leave that quote unescaped (the rest of the value would run as commands).
public enum ShellWord {
    public static func quoted(_ text: String) -> String {
        var word = "'"
        for scalar in text.unicodeScalars {
            if scalar == "'" { word += "'\\''" } else { word.unicodeScalars.append(scalar) }
        }
        return word + "'"
    }
}
