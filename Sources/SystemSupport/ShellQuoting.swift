import Glibc
/// Shell text for `KEY="value"` lines that a POSIX shell sources back to the same value.
public enum ShellQuoting {
    /// Escapes by Unicode scalar, as the shell reads bytes: a `"` followed by a combining mark is one Swift `Character`
    /// that is not equal to `"`, yet the shell still sees the quote.
    public static func doubleQuoted(_ value: String) -> String {
        var quoted = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" || scalar == "\\" || scalar == "$" || scalar == "`" { quoted.unicodeScalars.append("\\") }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    /// `KEY="value"` then `export KEY`, as getltscfg -a prints them.
    public static func exportLines(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\(doubleQuoted($0.1))\nexport \($0.0)\n" }.joined()
    }
}
