/// Why the AoE target cannot run: a missing interface or image, a socket the kernel refused.
public struct AoEServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
