/// Errors of the configuration module: each says what was wrong and where.
public enum LTSPConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    case io(path: String, operation: String, errno: Int32)
    case syntax(file: String, line: Int, message: String)
    case invalid(file: String, line: Int?, message: String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            return "\(path): cannot \(operation): \(String(cString: strerror(code)))"
        case .syntax(let file, let line, let message):
            return "\(file):\(line): \(message)"
        case .invalid(let file, let line, let message):
            return line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
        }
    }
}
