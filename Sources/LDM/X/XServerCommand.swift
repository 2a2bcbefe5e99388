/// Xorg's command line for screen NN: display `:NN` on `vtNN`, the authority file with our cookie, TCP only with
/// LDM_DIRECTX (the session's programs then connect to it over the network), `-displayfd` so X says when it is
/// ready, `-noreset` so the end of the greeter or a session does not reset the server under the next one.
public struct XServerCommand: Equatable, Sendable {
    public var executable = "/usr/bin/Xorg"
    public var display: Int
    public var authorityFile: String
    public var listenTCP: Bool
    public var depth: Int?

    public init(display: Int, authorityFile: String, listenTCP: Bool, depth: Int? = nil) {
        self.display = display
        self.authorityFile = authorityFile
        self.listenTCP = listenTCP
        self.depth = depth
    }

    /// The arguments, with the descriptor X writes its display number to when it is ready.
    public func arguments(displayFD: Int32) -> [String] {
        var arguments = [
            executable, ":\(display)", "vt\(display)", "-auth", authorityFile,
            listenTCP ? "-listen" : "-nolisten", "tcp", "-noreset", "-displayfd", String(displayFD),
        ]
        if let depth { arguments += ["-depth", String(depth)] }
        return arguments
    }
}
