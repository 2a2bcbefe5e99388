/// Why the boot server cannot start.
public enum BootServerError: Error, Equatable, CustomStringConvertible {
    case configuration(String)

    public var description: String {
        switch self {
        case .configuration(let message): return message
        }
    }
}
