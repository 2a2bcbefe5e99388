/// What ldm tells the greeter, one line each (see ``GreeterLine`` for the format).
///
/// ```
/// prompt <label>                 a visible entry (a user name); the greeter answers `entry <text>`
/// prompts <label>                a hidden entry (a password, any prompt ssh asks with echo off)
/// msg <text>                     the message line: ssh's own words after a failed login; empty clears it
/// busy <text>                    no entry; the text says what ldm is doing ("Logging in to server…")
/// allowguest true|false          show or hide the guest button
/// choice <menu> <value>\t<label> add an item to the host, session or language menu
/// select <menu> <value>          make an item current (ldm's preselection: the best-rated server)
/// countdown <seconds>            autologin countdown; at zero the greeter answers `timeout`; 0 stops it
/// quit                           close the window and exit
/// ```
///
/// LTSP 5's greeter protocol asked the greeter for its selections (`hostname`, `session`, `language` queries); this
/// one has the greeter report every change (`selected`), so ldm never waits on the greeter while ssh waits on ldm.
public enum GreeterRequest: Equatable, Sendable {
    case prompt(String)
    case hiddenPrompt(String)
    case message(String)
    case busy(String)
    case allowGuest(Bool)
    case choice(GreeterMenu, GreeterMenuItem)
    case select(GreeterMenu, String)
    case countdown(Int)
    case quit

    /// The line for this request, without the line feed.
    public var line: String {
        switch self {
        case .prompt(let label): GreeterLine.format("prompt", label)
        case .hiddenPrompt(let label): GreeterLine.format("prompts", label)
        case .message(let text): GreeterLine.format("msg", text)
        case .busy(let text): GreeterLine.format("busy", text)
        case .allowGuest(let allowed): GreeterLine.format("allowguest", allowed ? "true" : "false")
        case .choice(let menu, let item):
            "choice \(menu.rawValue) " + GreeterLine.escape(item.value) + "\t" + GreeterLine.escape(item.label)
        case .select(let menu, let value): "select \(menu.rawValue) " + GreeterLine.escape(value)
        case .countdown(let seconds): "countdown \(seconds)"
        case .quit: "quit"
        }
    }

    public init(line: Substring) throws(GreeterProtocolError) {
        guard let space = line.firstIndex(of: " ") else {
            switch line {
            case "quit": self = .quit
            case "prompt", "prompts", "msg", "busy", "allowguest", "choice", "select", "countdown":
                throw .missingArgument(verb: String(line))
            default: throw .unknownVerb(String(line))
            }
            return
        }
        let verb = String(line[..<space])
        let rest = line[line.index(after: space)...]
        switch verb {
        case "prompt": self = .prompt(try GreeterLine.unescape(rest))
        case "prompts": self = .hiddenPrompt(try GreeterLine.unescape(rest))
        case "msg": self = .message(try GreeterLine.unescape(rest))
        case "busy": self = .busy(try GreeterLine.unescape(rest))
        case "allowguest":
            switch rest {
            case "true": self = .allowGuest(true)
            case "false": self = .allowGuest(false)
            default: throw .badArgument(verb: verb, argument: String(rest))
            }
        case "choice":
            let (menu, value) = try Self.menuAndValue(verb, rest)
            let fields = value.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2 else { throw .badArgument(verb: verb, argument: String(rest)) }
            self = .choice(
                menu,
                GreeterMenuItem(
                    value: try GreeterLine.unescape(fields[0]),
                    label: try GreeterLine.unescape(fields[1])))
        case "select":
            let (menu, value) = try Self.menuAndValue(verb, rest)
            self = .select(menu, try GreeterLine.unescape(value))
        case "countdown":
            guard let seconds = Int(rest), seconds >= 0 else { throw .badArgument(verb: verb, argument: String(rest)) }
            self = .countdown(seconds)
        case "quit": throw .unexpectedArgument(verb: verb)
        default: throw .unknownVerb(verb)
        }
    }

    /// `<menu> <rest>` of `choice` and `select`.
    static func menuAndValue(_ verb: String, _ text: Substring) throws(GreeterProtocolError)
        -> (GreeterMenu, Substring)
    {
        guard let space = text.firstIndex(of: " "), let menu = GreeterMenu(rawValue: String(text[..<space])) else {
            throw .badArgument(verb: verb, argument: String(text))
        }
        return (menu, text[text.index(after: space)...])
    }
}
