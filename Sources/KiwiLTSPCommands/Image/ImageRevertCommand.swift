import ArgumentParser
import ImageBuilder

/// `kiwi-ltsp image revert`: the previous image, kernel and initrd back (a second revert goes forward again).
public struct ImageRevertCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "revert",
        abstract: "Put the previous image, linux-ltsp and initrd-ltsp back; the current ones become .old."
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func run() async throws {
        let configuration = try global.validConfiguration(action: "nothing was changed").configuration
        let paths = ImageBuild.publishedPaths(configuration: configuration, root: global.rootDirectory)
        let reverted = try ImageBuildCommand.reporting { () throws(ImageBuildError) in
            try ImageBuild.revert(paths: paths)
        }
        for path in reverted { print("reverted \(path)") }
    }
}
