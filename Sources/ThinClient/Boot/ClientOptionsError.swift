/// A command-line mistake, said so the admin can fix it.
public struct ClientOptionsError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
