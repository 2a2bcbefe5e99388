/// An external tool the plan runs after its files are written.
public struct CommandStep: Equatable, Sendable {
    public enum Trigger: Equatable, Sendable {
        /// Run when any of these files (target paths) was written in this run.
        case filesChanged([String])
        /// Run when any of these files (target paths) is missing (ssh host keys).
        case filesMissing([String])
    }

    public var invocation: CommandInvocation
    public var trigger: Trigger
    /// Why the step exists, for the output: "load the firewall tables".
    public var purpose: String
    /// Files the command creates (target paths), recorded for `--undo` when they did not exist before.
    public var creates: [String]

    public init(_ invocation: CommandInvocation, trigger: Trigger, purpose: String, creates: [String] = []) {
        self.invocation = invocation
        self.trigger = trigger
        self.purpose = purpose
        self.creates = creates
    }
}
