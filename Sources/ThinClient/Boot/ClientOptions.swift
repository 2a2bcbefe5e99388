/// The options of `ltsp-client`, parsed by hand: the binary runs in the client image, so it stays small.
public struct ClientOptions: Equatable, Sendable {
    /// Prefix for `/run/ltsp`, `/etc/hostname` and `/proc/cmdline`, for tests and for preparing an image.
    public var root = "/"
    /// A kernel command line to use instead of `/proc/cmdline`.
    public var commandLine: String?
    public var setsHostname = true
    public var startsScreens = true
    /// Exit after the ready line instead of supervising screens.
    public var once = false
    public var showsHelp = false

    public static let usage = """
        usage: ltsp-client [--root DIR] [--cmdline TEXT] [--no-hostname] [--no-screens] [--once]

        Configures a thin client at boot: reads ltsp.server=, BOOTIF= and ltsp.KEY=value from the kernel command
        line, fetches lts.conf over TFTP, writes /run/ltsp/ltsp_config, sets the hostname and runs the screens.

          --root DIR       take /run/ltsp, /etc/hostname and /proc/cmdline under DIR
          --cmdline TEXT   use TEXT as the kernel command line instead of /proc/cmdline
          --no-hostname    do not set the hostname or write /etc/hostname
          --no-screens     do not start the SCREEN_NN entries
          --once           exit after the ready line (started screens are not respawned)
          -h, --help       show this help

        """

    public init() {}

    /// Parses `arguments` (without the program name); the error is a message for the admin.
    public init(arguments: [String]) throws(ClientOptionsError) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() throws(ClientOptionsError) -> String {
                if let inlineValue { return inlineValue }
                guard let next = remaining.popFirst() else { throw ClientOptionsError("\(name) needs a value") }
                return next
            }
            func flag() throws(ClientOptionsError) {
                if inlineValue != nil { throw ClientOptionsError("\(name) takes no value") }
            }
            switch name {
            case "--root":
                root = try value()
                guard !root.isEmpty else { throw ClientOptionsError("--root needs a directory") }
            case "--cmdline": commandLine = try value()
            case "--no-hostname": try flag(); setsHostname = false
            case "--no-screens": try flag(); startsScreens = false
            case "--once": try flag(); once = true
            case "-h", "--help": try flag(); showsHelp = true
            default: throw ClientOptionsError("unknown argument '\(argument)'")
            }
        }
    }
}
