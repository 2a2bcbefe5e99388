import ArgumentParser

/// The `kiwi-ltsp` command: the admin tool and the boot server.
public struct KiwiLTSP: AsyncParsableCommand {
    static let commands: [any ParsableCommand.Type] = [
        ConfigCommand.self, ConfigureCommand.self, DemoCommand.self, ImageCommand.self, InfoCommand.self,
        MediaCommand.self,
        PrintersCommand.self, ServeCommand.self, StatusCommand.self,
    ]

    public static let configuration = CommandConfiguration(
        commandName: "kiwi-ltsp",
        abstract: "Boot a lab of diskless thin clients from this server and host their desktop sessions.",
        discussion: CommandIndex.text(for: commands) + "\n\n" + SeedAliases.helpText,
        subcommands: commands
    )

    public init() {}
}

extension KiwiLTSP {
    /// Runs the command line, with the seed's short flags (`kiwi-ltsp -c`) taken as their commands.
    public static func runCommandLine() async {
        await main(SeedAliases.rewrite(Array(CommandLine.arguments.dropFirst())))
    }
}
