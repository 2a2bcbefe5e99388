/// One documented variable of `/etc/sysconfig/kiwi-ltsp`.
public struct ConfigVariable: Sendable {
    public let name: String
    /// The `## Path:` group in the sysconfig editor.
    public let path: String
    public let type: ValueType
    /// The value written in the shipped file; empty means "derived" when `derivation` is set.
    public let defaultValue: String
    public let description: String
    /// How an empty value is filled in, for documentation (`nil`: empty stays empty).
    public let derivation: String?

    public init(
        _ name: String, path: String, type: ValueType, default defaultValue: String = "",
        derivation: String? = nil, description: String
    ) {
        self.name = name
        self.path = path
        self.type = type
        self.defaultValue = defaultValue
        self.derivation = derivation
        self.description = description
    }
}
