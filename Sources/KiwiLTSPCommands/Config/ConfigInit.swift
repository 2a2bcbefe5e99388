import ArgumentParser
import LTSPConfig
import SystemSupport

/// `kiwi-ltsp config init`: writes the documented default configuration file.
public struct ConfigInit: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write the documented default configuration."
    )

    @OptionGroup public var global: GlobalOptions

    @Flag(help: "Replace an existing file (the old one is kept as FILE.old).")
    public var force = false

    public init() {}

    public func run() async throws {
        let path = global.rootDirectory.resolve(global.configPath)
        if TextFile.exists(path) {
            guard force else {
                throw CommandError("\(path) exists; use --force to replace it (the old file is kept as \(path).old)")
            }
            try TextFile.writeAtomically(try TextFile.read(path), to: path + ".old", mode: 0o600)
        }
        try TextFile.writeAtomically(ConfigSchema.defaultFileText(), to: path)
        print("wrote \(path)")
    }
}
