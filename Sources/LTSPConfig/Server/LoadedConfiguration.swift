/// The outcome of loading the configuration: the typed values, each variable's provenance, and every problem.
public struct LoadedConfiguration: Sendable {
    public var configuration: ServerConfiguration
    /// Every schema variable in file order, with its effective value and where it came from.
    public var settings: [ConfigSetting]
    public var diagnostics: [ConfigDiagnostic]
    /// Host path of the configuration file that was read.
    public var file: String
    public var fileExists: Bool

    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var isValid: Bool { errors.isEmpty }

    public func setting(_ name: String) -> ConfigSetting? { settings.first { $0.name == name } }
}
