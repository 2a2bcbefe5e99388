import SystemSupport

/// `kiwi-ltsp configure` as a library call: plan, then apply (or show) the plan under a root; or undo.
public struct Provisioner {
    public let root: RootDirectory
    public let runner: any ProcessRunner
    public let options: ApplyOptions
    let progress: (StepReport) -> Void

    public init(
        root: RootDirectory, runner: any ProcessRunner = SystemProcessRunner(),
        options: ApplyOptions = ApplyOptions(), progress: @escaping (StepReport) -> Void = { _ in }
    ) {
        self.root = root
        self.runner = runner
        self.options = options
        self.progress = progress
    }

    /// Host keys come first because their public halves go into known_hosts: when `ssh-keygen` made any, the plan
    /// is made again with them.
    public func configure(_ input: ProvisioningPlanner.Input) throws(ProvisioningError) -> ApplyReport {
        var input = input
        input.root = root
        input.hostKeys = input.hostKeys.isEmpty ? SSHHostKey.load(root: root) : input.hostKeys
        let planner = ProvisioningPlanner()
        var plan = try planner.plan(input)
        var engine = ApplyEngine(root: root, runner: runner, options: options, progress: progress)
        var report = ApplyReport(dryRun: options.dryRun)
        report.warnings = plan.warnings
        for step in plan.preparation { try engine.run(step, changed: [], into: &report) }
        if !options.dryRun && report.steps.contains(where: { $0.outcome == .ran }) {
            input.hostKeys = SSHHostKey.load(root: root)
            plan = try planner.plan(input)
        }
        let changed = try engine.write(plan.writes, into: &report)
        for step in plan.commands { try engine.run(step, changed: changed, into: &report) }
        return report
    }

    /// Removes what `configure` installed and puts back what it replaced.
    public func undo() throws(ProvisioningError) -> ApplyReport {
        var engine = ApplyEngine(root: root, runner: runner, options: options, progress: progress)
        var report = ApplyReport(dryRun: options.dryRun)
        try engine.undo(into: &report)
        return report
    }
}
