/// A problem found in the configuration: `FILE:LINE: message`, or `FILE: message` when no line applies.
public struct ConfigDiagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var file: String
    public var line: Int?
    public var message: String

    public init(_ severity: Severity, file: String, line: Int?, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return severity == .warning ? "\(place): warning: \(message)" : "\(place): \(message)"
    }
}
