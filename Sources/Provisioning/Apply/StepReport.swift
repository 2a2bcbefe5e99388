/// What happened (or, in a dry run, would happen) to one step; `line` is what the command prints.
public struct StepReport: Equatable, Sendable, CustomStringConvertible {
    public enum Outcome: Equatable, Sendable {
        case written(new: Bool)
        case unchanged
        case skipped(String)
        case ran
        case removed
        case restored
        case kept(String)
    }

    /// Host path of a file, or the command line.
    public var subject: String
    public var isCommand: Bool
    public var outcome: Outcome
    public var dryRun: Bool
    /// Unified diff of a text file a dry run would change.
    public var diff: String?

    public var changesSomething: Bool {
        switch outcome {
        case .written, .ran, .removed, .restored: return true
        case .unchanged, .skipped, .kept: return false
        }
    }

    public var description: String {
        let would = dryRun ? "would " : ""
        switch outcome {
        case .written(let new): return "\(would)write \(subject) (\(new ? "new" : "changed"))"
        case .unchanged: return "unchanged \(subject)"
        case .skipped(let reason): return "skip \(subject) (\(reason))"
        case .ran: return "\(would)run \(subject)"
        case .removed: return "\(would)remove \(subject)"
        case .restored: return "\(would)restore \(subject)"
        case .kept(let reason): return "keep \(subject) (\(reason))"
        }
    }
}

/// Every step of one run and its one-line summary.
public struct ApplyReport: Equatable, Sendable {
    public var steps: [StepReport] = []
    public var dryRun: Bool
    /// What the plan warned about (missing packages for sessions).
    public var warnings: [String] = []

    public init(dryRun: Bool) { self.dryRun = dryRun }

    public var changed: Bool { steps.contains(where: \.changesSomething) }

    public var summary: String {
        func count(_ test: (StepReport.Outcome) -> Bool) -> Int { steps.filter { test($0.outcome) }.count }
        let written = count { if case .written = $0 { return true } else { return false } }
        let unchanged = count { $0 == .unchanged }
        let skipped = count { if case .skipped = $0 { return true } else { return false } }
        let ran = count { $0 == .ran }
        let undone = count { $0 == .removed || $0 == .restored }
        var parts = [
            dryRun ? "\(written) to write" : "\(written) written", "\(unchanged) unchanged",
            "\(skipped) skipped", dryRun ? "\(ran) commands to run" : "\(ran) commands run",
        ]
        if undone > 0 { parts.append(dryRun ? "\(undone) to undo" : "\(undone) undone") }
        return (dryRun ? "dry run, nothing changed: " : "") + parts.joined(separator: ", ")
    }
}
