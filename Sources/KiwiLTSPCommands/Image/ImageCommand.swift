import ArgumentParser

/// `kiwi-ltsp image`: the client image (seed: `kiwi-ltsp -s` builds it).
public struct ImageCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Build the thin clients' image, kernel and initrd, or go back to the previous ones.",
        subcommands: [ImageBuildCommand.self, ImageRevertCommand.self]
    )

    public init() {}
}
