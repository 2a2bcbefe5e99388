/// Locale names as the info service reports them: UTF-8 ones only, with the codeset written `UTF-8`
/// (`de_DE.utf8` is `de_DE.UTF-8`, `ca_ES.utf8@valencia` is `ca_ES.UTF-8@valencia`), as LTSP 5's ldminfod did.
public enum LocaleName {
    /// The name in the info service's spelling, or nil when the locale is not UTF-8.
    public static func utf8Name(_ name: String) -> String? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let rest = name[name.index(after: dot)...]
        let at = rest.firstIndex(of: "@")
        let codeset = rest[..<(at ?? rest.endIndex)].lowercased().filter { $0 != "-" && $0 != "_" }
        guard codeset == "utf8", dot != name.startIndex else { return nil }
        return name[..<dot] + ".UTF-8" + (at.map { String(rest[$0...]) } ?? "")
    }
}
