/// How a plan is carried out.
public struct ApplyOptions: Equatable, Sendable {
    /// Print what would change (with diffs) and change nothing.
    public var dryRun: Bool
    /// Run the plan's commands (ssh-keygen, nft, sysctl); false writes files only.
    public var runCommands: Bool
    /// Commands that act on the running kernel (`nft -f`, `sysctl -p`) ignore `--root`, so under a root other than
    /// `/` they are reported as skipped ("would run ...") unless this is set.
    public var runHostCommands: Bool

    public init(dryRun: Bool = false, runCommands: Bool = true, runHostCommands: Bool = false) {
        self.dryRun = dryRun
        self.runCommands = runCommands
        self.runHostCommands = runHostCommands
    }
}
