import Foundation
/// One run of an external tool: the exact argument list (no shell), and whether it changes the running host
/// (kernel state such as the firewall or sysctls) rather than files under `--root`.
public struct CommandInvocation: Equatable, Sendable, CustomStringConvertible {
    public var arguments: [String]
    /// True for tools that act on the running kernel (`nft -f`, `sysctl -p`): they ignore `--root`.
    public var touchesHost: Bool

    public init(_ arguments: [String], touchesHost: Bool = false) {
        self.arguments = arguments
        self.touchesHost = touchesHost
    }

    public var description: String { arguments.map(Self.quoted).joined(separator: " ") }

    static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+%".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// What a finished command printed and how it exited.
public struct CommandOutcome: Equatable, Sendable {
    public var status: Int32
    public var output: String

    public init(status: Int32, output: String) {
        self.status = status
        self.output = output
    }
}
