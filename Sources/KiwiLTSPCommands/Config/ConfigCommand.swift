import ArgumentParser

/// `kiwi-ltsp config`: the server configuration file.
public struct ConfigCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Write, show and check the server configuration.",
        subcommands: [ConfigInit.self, ConfigShow.self, ConfigCheck.self]
    )

    public init() {}
}
