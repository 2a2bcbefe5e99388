import LTSPConfig

/// Which `SCREEN_NN` entries to run and where (LTSP 5's screen_session). The value's first word is the screen script:
/// `shell` is a login shell on /dev/ttyNN, except that on a client whose kernel console is a serial line screen 01
/// runs on that line (e.g. /dev/ttyS0, not /dev/console, which cannot be a controlling terminal), so the admin on the
/// serial line gets a shell with job control; `ldm` is the display manager on vtNN. Other scripts are skipped with a
/// message.
public struct ScreenPlan: Equatable, Sendable {
    public static let supportedTypes: Set<String> = ["shell", "ldm"]
    public static let ldmPath = "/usr/sbin/ldm"
    /// Linux has at most 63 virtual consoles (MAX_NR_CONSOLES).
    public static let numbers = 1...63

    public var launches: [ScreenLaunch] = []
    /// One message per screen that is not run, such as `SCREEN_07=ldm: not supported yet`.
    public var skipped: [String] = []

    /// `serialConsole`: the serial line the kernel console is on (`ttyS0`), if it is one; `bootServer`: the server
    /// ldm logs in to when lts.conf names none.
    public init(_ resolution: LTSConfResolution, serialConsole: String?, bootServer: String? = nil) {
        for variable in resolution.sorted where LTSConfResolution.isScreenName(variable.name) {
            let number = String(variable.name.dropFirst(7))
            let words = variable.value.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let type = words.first.map(String.init) else {
                skipped.append("\(variable.name) is empty")
                continue
            }
            guard let tty = Int(number), Self.numbers.contains(tty) else {
                let device = "/dev/tty\(Int(number) ?? 0)"
                skipped.append("\(variable.name)=\(variable.value): no \(device) (screens are 01 to 63)")
                continue
            }
            guard Self.supportedTypes.contains(type) else {
                skipped.append("\(variable.name)=\(variable.value): not supported yet")
                continue
            }
            if type == "ldm" {
                launches.append(
                    ScreenLaunch(
                        number: number, value: variable.value, console: .inherited,
                        arguments: [Self.ldmPath, "--screen", number] + (bootServer.map { ["--server", $0] } ?? []),
                        environment: Self.environment(term: "linux")))
                continue
            }
            let console = tty == 1 ? serialConsole : nil
            let onConsole = console != nil
            launches.append(
                ScreenLaunch(
                    number: number, value: variable.value,
                    console: .terminal(console.map { "/dev/\($0)" } ?? "/dev/tty\(tty)"),
                    arguments: ["/bin/sh", "-l"], environment: Self.environment(term: onConsole ? "vt220" : "linux")))
        }
    }

    static func environment(term: String) -> [String] {
        [
            "HOME=/root", "LOGNAME=root", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "SHELL=/bin/sh", "TERM=\(term)", "USER=root",
        ]
    }
}
