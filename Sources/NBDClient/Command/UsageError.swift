/// Arguments that do not make a command: reported with the usage text, exit status 2.
public struct UsageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { self.message }
}
