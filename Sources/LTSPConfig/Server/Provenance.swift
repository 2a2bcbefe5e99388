/// Where the effective value of a variable came from.
public enum Provenance: Equatable, Sendable, CustomStringConvertible {
    case file(path: String, line: Int)
    case defaultValue
    case derived(String)

    public var description: String {
        switch self {
        case .file(let path, let line): return "\(path):\(line)"
        case .defaultValue: return "default"
        case .derived(let how): return "derived: \(how)"
        }
    }
}

/// One variable's effective value and its provenance, as `config show` prints it.
public struct ConfigSetting: Equatable, Sendable {
    public var name: String
    public var value: String
    public var provenance: Provenance

    public init(name: String, value: String, provenance: Provenance) {
        self.name = name
        self.value = value
        self.provenance = provenance
    }
}
