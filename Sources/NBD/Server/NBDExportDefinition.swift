/// A read-only export of a file, from configuration: the root image under its name (e.g. `amd64`) and its aliases
/// (e.g. the image path `/srv/kiwi-ltsp/amd64.img`, which the seed's clients ask for).
public struct NBDExportDefinition: Hashable, Sendable {
    public var name: String
    public var aliases: [String]
    public var path: String
    public var description: String

    /// With no aliases given, the path itself is the alias.
    public init(name: String, aliases: [String]? = nil, path: String, description: String = "") {
        self.name = name
        self.aliases = aliases ?? [path]
        self.path = path
        self.description = description
    }
}
