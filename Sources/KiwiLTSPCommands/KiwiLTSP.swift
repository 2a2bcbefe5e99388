import ArgumentParser

/// The `kiwi-ltsp` command: the admin tool and the boot server.
public struct KiwiLTSP: AsyncParsableCommand {
    static let commands: [any ParsableCommand.Type] = [ConfigCommand.self, InfoCommand.self, ServeCommand.self]

    public static let configuration = CommandConfiguration(
        commandName: "kiwi-ltsp",
        abstract: "Boot a lab of diskless thin clients from this server and host their desktop sessions.",
        discussion: CommandIndex.text(for: commands),
        subcommands: commands
    )

    public init() {}
}
