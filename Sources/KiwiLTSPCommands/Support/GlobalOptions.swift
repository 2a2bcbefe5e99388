import ArgumentParser
import Foundation
import LTSPConfig
import NetworkValues
import SystemSupport

/// Options every command takes.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Server configuration file, taken under --root.", valueName: "file"))
    public var config: String = ConfigSchema.defaultPath

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Directory every path is taken under (a scratch tree for tests).",
            valueName: "dir"))
    public var root: String = "/"

    public init() {}

    public mutating func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--root \(root) is not a directory")
        }
    }

    public var rootDirectory: RootDirectory { RootDirectory(root) }

    /// The configuration path on the target: absolute, or relative to the current directory.
    public var configPath: String {
        config.hasPrefix("/") ? config : FileManager.default.currentDirectoryPath + "/" + config
    }

    public func loader(network: any NetworkEnvironment = SystemNetworkEnvironment()) -> ConfigurationLoader {
        ConfigurationLoader(root: rootDirectory, configPath: configPath, network: network)
    }

    /// The loaded configuration after printing its diagnostics to stderr; throws when it has errors, saying
    /// `action` ("nothing was built").
    public func validConfiguration(action: String) throws -> LoadedConfiguration {
        let loaded = loader().load()
        for diagnostic in loaded.diagnostics {
            FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
        }
        guard loaded.isValid else {
            throw CommandError(
                "\(loaded.errors.count) configuration error(s) in \(loaded.file); \(action) "
                    + "(`kiwi-ltsp config check` lists them)")
        }
        return loaded
    }
}
