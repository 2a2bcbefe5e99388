/// One screen to run: `SCREEN_02=shell` is a login shell on /dev/tty2; `SCREEN_07=ldm` is the display manager, which
/// takes vt7 itself (through X) and writes its messages where ltsp-client writes its own.
public struct ScreenLaunch: Equatable, Sendable {
    /// Where the screen's standard input and output go.
    public enum Console: Equatable, Sendable {
        /// A terminal device, opened as the controlling terminal (a shell).
        case terminal(String)
        /// ltsp-client's own standard output and error (the console and the journal); no input.
        case inherited
    }

    /// Two digits, as in `SCREEN_02`.
    public var number: String
    /// The `SCREEN_NN` value as configured, for messages.
    public var value: String
    public var console: Console
    public var arguments: [String]
    public var environment: [String]
    /// What messages call it when it is not a screen (the client's PulseAudio).
    public var name: String?

    public init(
        number: String, value: String, console: Console, arguments: [String], environment: [String],
        name: String? = nil
    ) {
        self.number = number
        self.value = value
        self.console = console
        self.arguments = arguments
        self.environment = environment
        self.name = name
    }

    /// `SCREEN_02=shell on /dev/tty2`, `SCREEN_07=ldm on vt7`.
    public var label: String {
        if let name { return name }
        return switch console {
        case .terminal(let device): "SCREEN_\(number)=\(value) on \(device)"
        case .inherited: "SCREEN_\(number)=\(value) on vt\(Int(number) ?? 0)"
        }
    }
}
