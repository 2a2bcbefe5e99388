import ArgumentParser

/// `kiwi-ltsp config check`: exit 0 when the configuration is valid, else every problem and exit 1.
/// Problems print as `FILE:LINE: message` (warnings as `FILE:LINE: warning: message`).
public struct ConfigCheck: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration; list every problem."
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func run() async throws {
        let loaded = global.loader().load()
        for diagnostic in loaded.diagnostics { print(diagnostic) }
        guard loaded.isValid else { throw ExitCode(1) }
        let warnings = loaded.warnings.count
        print("\(loaded.file): valid" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : ""))
    }
}
