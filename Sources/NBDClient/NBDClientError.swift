/// Every failure of this client, as the one line a person reads on the console of a thin client that does not boot.
public struct NBDClientError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { self.message }
}
