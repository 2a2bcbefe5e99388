import ArgumentParser

/// The `kiwi-ltsp` command: the admin tool and the boot server.
public struct KiwiLTSP: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kiwi-ltsp",
        abstract: "Boot a lab of diskless thin clients from this server and host their desktop sessions.",
        discussion: CommandIndex.text(for: [ConfigCommand.self, InfoCommand.self]),
        subcommands: [ConfigCommand.self, InfoCommand.self]
    )

    public init() {}
}
