import NetworkValues
import SystemSupport

/// Reads `/etc/sysconfig/kiwi-ltsp` under a root, checks every value against the schema, and derives what was left
/// empty from the host (interfaces, routes, resolvers).
public struct ConfigurationLoader: Sendable {
    public var root: RootDirectory
    /// The configuration file as seen on the target system; read under `root`.
    public var configPath: String
    public var network: any NetworkEnvironment

    public init(
        root: RootDirectory = RootDirectory(), configPath: String = ConfigSchema.defaultPath,
        network: any NetworkEnvironment = SystemNetworkEnvironment()
    ) {
        self.root = root
        self.configPath = configPath
        self.network = network
    }

    public var hostPath: String { root.resolve(configPath) }

    public func load() -> LoadedConfiguration {
        let file = hostPath
        if !TextFile.exists(file) {
            var loaded = load(text: nil, file: file)
            loaded.diagnostics.insert(
                ConfigDiagnostic(
                    .warning, file: file, line: nil,
                    "no configuration file; using the defaults (write one with `kiwi-ltsp config init`)"), at: 0)
            return loaded
        }
        do {
            return load(text: try TextFile.read(file), file: file)
        } catch {
            var loaded = load(text: nil, file: file)
            loaded.diagnostics.insert(ConfigDiagnostic(.error, file: file, line: nil, error.description), at: 0)
            return loaded
        }
    }

    /// Builds the configuration from `text` (nil: no file) as if it were read from `file`.
    public func load(text: String?, file: String) -> LoadedConfiguration {
        var builder = ConfigurationBuilder(file: file, root: root, network: network)
        if let text { builder.read(text) }
        let configuration = builder.build()
        return LoadedConfiguration(
            configuration: configuration, settings: builder.settings(),
            diagnostics: builder.diagnostics, file: file, fileExists: text != nil)
    }
}
