/// The moments ldm runs the admin's scripts in `/etc/ldm/rc.d`, each phase the scripts whose name starts with its
/// letter (LTSP 5's ldm-script): `I*` X is up, before the greeter; `P*` the user is known, before ssh; `S*` ssh is
/// connected, before the session; `X*` the session is about to start; `K*` the session has ended.
public enum HookPhase: String, CaseIterable, Sendable {
    case initialize = "init"
    case pressh
    case start
    case xsession
    case stop

    public var prefix: Character {
        switch self {
        case .initialize: "I"
        case .pressh: "P"
        case .start: "S"
        case .xsession: "X"
        case .stop: "K"
        }
    }

    /// The scripts of this phase among `names` (a directory's entries), in name order. Like LTSP 5, only names of
    /// letters, digits, `_` and `-` count, so editor backups (`S10-foo~`) and packaging leftovers
    /// (`S10-foo.dpkg-old`) never run.
    public func scripts(in names: [String]) -> [String] {
        names.filter { name in
            name.first == prefix
                && name.unicodeScalars.allSatisfy { scalar in
                    switch scalar {
                    case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
                    default: false
                    }
                }
        }.sorted()
    }
}
