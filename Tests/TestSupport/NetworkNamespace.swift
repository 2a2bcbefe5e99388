import Foundation

/// A network namespace made for one test and removed when the test is done.
public final class NetworkNamespace: @unchecked Sendable {
    public let name: String

    public init(prefix: String = "kltsp") throws {
        name = "\(prefix)-\(getpid())-\(UInt32.random(in: 0..<UInt32.max) % 100_000)"
        try Self.ip(["netns", "add", name])
        try exec(["ip", "link", "set", "lo", "up"])
    }

    deinit { _ = try? Command.run(["ip", "netns", "delete", name]) }

    /// Runs a command inside the namespace.
    @discardableResult
    public func exec(_ arguments: [String], input: String? = nil, check: Bool = true) throws -> CommandResult {
        let result = try Command.run(["ip", "netns", "exec", name] + arguments, input: input)
        if check && !result.succeeded {
            throw TestFailure(
                "`\(arguments.joined(separator: " "))` in \(name) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    /// Adds a veth pair inside the namespace with `address` (CIDR) on the first end; both ends up.
    public func addVethPair(_ first: String, _ second: String, address: String) throws {
        try exec(["ip", "link", "add", first, "type", "veth", "peer", "name", second])
        try exec(["ip", "addr", "add", address, "dev", first])
        try exec(["ip", "link", "set", first, "up"])
        try exec(["ip", "link", "set", second, "up"])
    }

    static func ip(_ arguments: [String]) throws {
        let result = try Command.run(["ip"] + arguments)
        guard result.succeeded else { throw TestFailure("ip \(arguments.joined(separator: " ")): \(result.stderr)") }
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
