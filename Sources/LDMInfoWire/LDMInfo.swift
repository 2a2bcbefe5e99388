/// What a login server's info service (ldminfod, TCP 9571) says about it, as LTSP 5 defined the reply: one
/// `key:value` line each, in this order:
///
/// ```
/// language:de_DE.UTF-8                   the server's own LANG first, then every installed UTF-8 locale
/// session:/usr/bin/startxfce4            per X session (/usr/share/xsessions/*.desktop)
/// session-with-name:Xfce Session:/usr/bin/startxfce4
/// xsession:/etc/X11/Xsession             the script that runs a session
/// rating:73                              0-100, higher is less loaded
/// ```
///
/// The server writes the reply and closes the connection. Parsing is lenient the way a client must be with servers
/// of other versions: unknown keys and malformed lines are skipped, duplicates are kept once.
public struct LDMInfo: Equatable, Sendable {
    /// The server's default first, each once.
    public var languages: [String]
    public var sessions: [LDMSession]
    public var xsession: String?
    public var rating: Int?

    public init(languages: [String] = [], sessions: [LDMSession] = [], xsession: String? = nil, rating: Int? = nil) {
        self.languages = languages
        self.sessions = sessions
        self.xsession = xsession
        self.rating = rating
    }

    /// The reply's text, each line ending in a line feed. A session with a name is sent both ways, as LTSP 5's
    /// ldminfod did, so old clients that know only `session:` still see it.
    public var text: String {
        var lines = languages.map { "language:\($0)" }
        for session in sessions {
            lines.append("session:\(session.command)")
            if let name = session.name { lines.append("session-with-name:\(name):\(session.command)") }
        }
        if let xsession { lines.append("xsession:\(xsession)") }
        if let rating { lines.append("rating:\(rating)") }
        return lines.map { Self.singleLine($0) + "\n" }.joined()
    }

    public init(parsing text: String) {
        self.init()
        var unnamed: [String] = []
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            guard let colon = rawLine.firstIndex(of: ":") else { continue }
            let key = rawLine[..<colon]
            let value = String(rawLine[rawLine.index(after: colon)...])
            guard !value.isEmpty else { continue }
            switch key {
            case "language":
                if !languages.contains(value) { languages.append(value) }
            case "session":
                if !unnamed.contains(value) { unnamed.append(value) }
            case "session-with-name":
                // The name may not hold a colon; the command may (it is everything after the second colon).
                guard let second = value.firstIndex(of: ":") else { continue }
                let name = String(value[..<second])
                let command = String(value[value.index(after: second)...])
                guard !name.isEmpty, !command.isEmpty else { continue }
                if let index = sessions.firstIndex(where: { $0.command == command }) {
                    sessions[index].name = name
                } else {
                    sessions.append(LDMSession(name: name, command: command))
                }
            case "xsession":
                if xsession == nil { xsession = value }
            case "rating":
                if rating == nil, let number = Int(value), (0...100).contains(number) { rating = number }
            default:
                continue
            }
        }
        for command in unnamed where !sessions.contains(where: { $0.command == command }) {
            sessions.append(LDMSession(name: nil, command: command))
        }
    }

    /// A value with a line break in it would end the line early: breaks become spaces.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}

/// One X session a server offers.
public struct LDMSession: Equatable, Sendable {
    /// The `.desktop` file's Name, when it has one.
    public var name: String?
    /// What the session runs (`Exec`), given to the server's Xsession as its argument.
    public var command: String

    public init(name: String?, command: String) {
        self.name = name
        self.command = command
    }

    /// What a menu shows.
    public var label: String { name ?? command }
}
