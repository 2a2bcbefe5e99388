/// The options of `ldm`, parsed by hand: the binary runs in the client image, so it stays small. ltsp-client starts
/// it as `ldm --screen 07` for `SCREEN_07=ldm`.
public struct LDMOptions: Equatable, Sendable {
    public var screen = "07"
    public var configFile = LDMEnvironmentFile.path
    public var greeter = "/usr/lib/kiwi-ltsp/ldm-greeter"
    public var xserver = "/usr/bin/Xorg"
    public var hooks = HookRunner.directory
    /// The servers' ssh host keys, checked strictly.
    public var knownHosts = SSHArguments.knownHostsFile
    /// Sockets and the X authority file live under `<runDirectory>/<screen>`.
    public var runDirectory = "/run/ldm"
    /// The server to log in to when lts.conf names none (ltsp-client passes its boot server).
    public var bootServer: String?
    public var showsHelp = false

    public static let usage = """
        usage: ldm [--screen NN] [--config FILE] [--server ADDRESS] [--greeter PATH] [--xserver PATH] [--hooks DIR]
                  [--known-hosts FILE] [--run-dir DIR]

        The kiwi-ltsp display manager: starts X on display :NN (vtNN), shows the greeter, logs the user in to a
        server with OpenSSH and runs the X session there, and comes back to the greeter after logout.

          --screen NN      the screen number (SCREEN_NN in lts.conf), default 07
          --config FILE    the resolved lts.conf, default /run/ltsp/ltsp_config
          --server ADDRESS the login server when lts.conf sets neither LDM_SERVER nor SERVER
          --greeter PATH   the greeter program, default /usr/lib/kiwi-ltsp/ldm-greeter
          --xserver PATH   the X server, default /usr/bin/Xorg
          --hooks DIR      the hook scripts, default /etc/ldm/rc.d
          --known-hosts FILE  the servers' ssh host keys, default /etc/ssh/ssh_known_hosts
          --run-dir DIR    where the X authority file and ssh sockets live, default /run/ldm
          -h, --help       show this help

        """

    public init() {}

    public init(arguments: [String]) throws(LDMOptionsError) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            func value() throws(LDMOptionsError) -> String {
                if let inline, !inline.isEmpty { return inline }
                guard inline == nil, let next = remaining.popFirst(), !next.isEmpty else {
                    throw LDMOptionsError("\(name) needs a value")
                }
                return next
            }
            switch name {
            case "--screen":
                let text = try value()
                guard let number = Int(text), (1...63).contains(number) else {
                    throw LDMOptionsError("--screen: '\(text)' is not a screen number from 01 to 63")
                }
                screen = number < 10 ? "0\(number)" : String(number)
            case "--config": configFile = try value()
            case "--server": bootServer = try value()
            case "--greeter": greeter = try value()
            case "--xserver": xserver = try value()
            case "--hooks": hooks = try value()
            case "--known-hosts": knownHosts = try value()
            case "--run-dir": runDirectory = try value()
            case "-h", "--help": showsHelp = true
            default: throw LDMOptionsError("unknown argument '\(argument)'")
            }
        }
    }
}

public struct LDMOptionsError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
