/// What the greeter tells ldm, one line each (see ``GreeterLine`` for the format).
///
/// ```
/// ready                          the window is up (the first line)
/// entry <text>                   what the user typed at the current prompt, Enter pressed
/// selected <menu> <value>        the user chose another host, session or language
/// guest                          the guest button
/// timeout                        the autologin countdown reached zero
/// reboot | shutdown              the user asked for it (and confirmed it in the greeter)
/// ```
///
/// LTSP 5's greeter sent the entry as a bare line and the guest button as `@GUEST@`, so a user named `@GUEST@` was a
/// guest; every reply here starts with its verb.
public enum GreeterReply: Equatable, Sendable {
    case ready
    case entry(String)
    case selected(GreeterMenu, String)
    case guest
    case timeout
    case reboot
    case shutdown

    public var line: String {
        switch self {
        case .ready: "ready"
        case .entry(let text): GreeterLine.format("entry", text)
        case .selected(let menu, let value): "selected \(menu.rawValue) " + GreeterLine.escape(value)
        case .guest: "guest"
        case .timeout: "timeout"
        case .reboot: "reboot"
        case .shutdown: "shutdown"
        }
    }

    public init(line: Substring) throws(GreeterProtocolError) {
        let (verb, argument) = try GreeterLine.parse(line)
        let bare: [Substring: GreeterReply] = [
            "ready": .ready, "guest": .guest, "timeout": .timeout, "reboot": .reboot, "shutdown": .shutdown,
        ]
        if let reply = bare[verb] {
            guard argument == nil else { throw .unexpectedArgument(verb: String(verb)) }
            self = reply
            return
        }
        switch verb {
        case "entry":
            // `entry` with nothing after it is an empty answer (Enter on an empty field): a space is still sent.
            guard let argument else { throw .missingArgument(verb: "entry") }
            self = .entry(argument)
        case "selected":
            guard let space = line.firstIndex(of: " ") else { throw .missingArgument(verb: "selected") }
            let (menu, value) = try GreeterRequest.menuAndValue("selected", line[line.index(after: space)...])
            self = .selected(menu, try GreeterLine.unescape(value))
        default:
            throw .unknownVerb(String(verb))
        }
    }
}
