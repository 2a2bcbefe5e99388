/// One screen to run: `SCREEN_02=shell` is a login shell on /dev/tty2.
public struct ScreenLaunch: Equatable, Sendable {
    /// Two digits, as in `SCREEN_02`.
    public var number: String
    /// The `SCREEN_NN` value as configured, for messages.
    public var value: String
    public var device: String
    public var arguments: [String]
    public var environment: [String]

    public init(number: String, value: String, device: String, arguments: [String], environment: [String]) {
        self.number = number
        self.value = value
        self.device = device
        self.arguments = arguments
        self.environment = environment
    }

    /// `SCREEN_02=shell on /dev/tty2`.
    public var label: String { "SCREEN_\(number)=\(value) on \(device)" }
}
