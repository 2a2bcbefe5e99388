/// Everything `kiwi-ltsp configure` would do, decided before anything is touched: commands that must run first
/// (host keys, whose public halves feed known_hosts), file writes in order, then commands that load what was written.
public struct ProvisioningPlan: Equatable, Sendable {
    public var preparation: [CommandStep]
    public var writes: [FileWrite]
    public var commands: [CommandStep]
    /// What the admin should know that configure does not fix (a package to install).
    public var warnings: [String]

    public init(
        preparation: [CommandStep] = [], writes: [FileWrite] = [], commands: [CommandStep] = [],
        warnings: [String] = []
    ) {
        self.preparation = preparation
        self.writes = writes
        self.commands = commands
        self.warnings = warnings
    }

    public func write(at path: String) -> FileWrite? { writes.first { $0.path == path } }
}
