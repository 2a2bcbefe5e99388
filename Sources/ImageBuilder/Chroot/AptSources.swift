import SystemSupport

/// The host's Debian mirror, read from its apt sources (one-line `sources.list` and deb822 `.sources`), for
/// images built without `IMAGE_MIRROR`. Security and third-party archives are left out: the image gets the
/// mirror's URL with the configured distribution.
public enum AptSources {
    /// The first `deb` URI that serves a Debian suite other than `*-security`.
    public static func debianMirror(oneLine: String = "", deb822: String = "") -> String? {
        for stanza in deb822.components(separatedBy: "\n\n") {
            var fields: [String: String] = [:]
            for line in stanza.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix(" ") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmed()
            }
            guard fields["enabled"]?.lowercased() != "no",
                fields["types"]?.split(separator: " ").contains("deb") == true,
                let uri = fields["uris"]?.split(separator: " ").first,
                let suites = fields["suites"]?.split(separator: " ")
            else { continue }
            if isDebian(uri: String(uri), suites: suites.map(String.init)) { return String(uri) }
        }
        for line in oneLine.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init).filter { !$0.hasPrefix("[") && !$0.hasSuffix("]") }
            guard words.count >= 3, words[0] == "deb" else { continue }
            if isDebian(uri: words[1], suites: [words[2]]) { return words[1] }
        }
        return nil
    }

    static func isDebian(uri: String, suites: [String]) -> Bool {
        uri.contains("debian") && !uri.contains("security") && suites.contains { !$0.hasSuffix("-security") }
    }
}
