import ArgumentParser

/// `kiwi-ltsp media`: boot media for clients whose PXE is missing or broken.
public struct MediaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Make a CD/USB boot image for clients that cannot boot from the network by themselves.",
        subcommands: [MediaBuildCommand.self]
    )

    public init() {}
}
