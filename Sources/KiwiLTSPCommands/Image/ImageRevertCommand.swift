import ArgumentParser
import ImageBuilder

/// `kiwi-ltsp image revert`: the previous image, kernel and initrd back (a second revert goes forward again).
public struct ImageRevertCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "revert",
        abstract: "Put the previous image, linux-ltsp and initrd-ltsp back; the current ones become .old."
    )

    @OptionGroup public var global: GlobalOptions

    @Option(help: "The client architecture: ARCH (the default) or one of EXTRA_ARCHES.")
    public var arch: String?

    public init() {}

    public func run() async throws {
        let configuration = try global.validConfiguration(action: "nothing was changed").configuration
        let arch = try ImageBuildCommand.servedArch(arch, configuration)
        let paths = ImageBuild.publishedPaths(configuration: configuration, root: global.rootDirectory, arch: arch)
        let reverted = try ImageBuildCommand.reporting { () throws(ImageBuildError) in
            try ImageBuild.revert(paths: paths)
        }
        for path in reverted { print("reverted \(path)") }
    }
}
