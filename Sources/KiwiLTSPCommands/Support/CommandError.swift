/// A failure a person can act on; ArgumentParser prints it as `Error: ...` and exits 1.
public struct CommandError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
