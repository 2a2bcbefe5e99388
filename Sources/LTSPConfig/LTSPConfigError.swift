/// Errors of the configuration module: each says what was wrong and where.
public enum LTSPConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    case syntax(file: String, line: Int, message: String)
    case invalid(file: String, line: Int?, message: String)

    public var description: String {
        switch self {
        case .syntax(let file, let line, let message):
            return "\(file):\(line): \(message)"
        case .invalid(let file, let line, let message):
            return line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
        }
    }
}
