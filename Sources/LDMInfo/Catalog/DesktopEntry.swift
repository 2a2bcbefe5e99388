import SystemSupport

/// The keys of an X session's `.desktop` file (freedesktop Desktop Entry Specification) that the info service uses:
/// the `[Desktop Entry]` group's Name, Exec, TryExec and Hidden. Localised keys (`Name[de]`) and other groups are
/// skipped.
public struct DesktopEntry: Equatable, Sendable {
    public var name: String?
    public var exec: String?
    public var tryExec: String?
    public var hidden = false

    public init(parsing text: String) {
        var inEntry = false
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmed()
            if line.hasPrefix("[") {
                inEntry = line == "[Desktop Entry]"
                continue
            }
            guard inEntry, !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmed(), value = line[line.index(after: equals)...].trimmed()
            switch key {
            case "Name" where name == nil: name = value
            case "Exec" where exec == nil: exec = value
            case "TryExec" where tryExec == nil: tryExec = value
            case "Hidden": hidden = value.lowercased() == "true"
            default: continue
            }
        }
    }
}
