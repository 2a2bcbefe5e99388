/// Shell text for `KEY="value"` lines that a POSIX shell sources back to the same value.
public enum ShellQuoting {
    public static func doubleQuoted(_ value: String) -> String {
        var quoted = "\""
        for character in value {
            if character == "\"" || character == "\\" || character == "$" || character == "`" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// `KEY="value"` then `export KEY`, as getltscfg -a prints them.
    public static func exportLines(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\(doubleQuoted($0.1))\nexport \($0.0)\n" }.joined()
    }
}
