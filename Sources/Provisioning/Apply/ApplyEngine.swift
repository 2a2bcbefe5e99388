import SystemSupport

/// The only part of provisioning that touches the file system. Writes are atomic (temporary file, fsync, rename);
/// every file it creates or replaces is recorded in the `BackupManifest` (and a replaced file's original kept)
/// before it is written; the first failure stops the run with the step named.
public struct ApplyEngine {
    public let root: RootDirectory
    public let runner: any ProcessRunner
    public let options: ApplyOptions
    let progress: (StepReport) -> Void
    var manifest: BackupManifest?

    public init(
        root: RootDirectory, runner: any ProcessRunner, options: ApplyOptions = ApplyOptions(),
        progress: @escaping (StepReport) -> Void = { _ in }
    ) {
        self.root = root
        self.runner = runner
        self.options = options
        self.progress = progress
    }

    /// Carries out the file writes; returns the target paths written (or, in a dry run, that would be).
    public mutating func write(_ writes: [FileWrite], into report: inout ApplyReport) throws(ProvisioningError)
        -> Set<String>
    {
        var changed: Set<String> = []
        for file in writes {
            let host = root.resolve(file.path)
            let step: StepReport
            do { step = try write(file, host: host) } catch {
                throw .stepFailed(step: "write \(host)", reason: error.description)
            }
            if case .written = step.outcome { changed.insert(file.path) }
            report.steps.append(step)
            progress(step)
        }
        return changed
    }

    mutating func write(_ file: FileWrite, host: String) throws(ProvisioningError) -> StepReport {
        func report(_ outcome: StepReport.Outcome, diff: String? = nil) -> StepReport {
            StepReport(subject: host, isCommand: false, outcome: outcome, dryRun: options.dryRun, diff: diff)
        }
        if case .replaceInExistingDirectory(let directory) = file.policy,
            !FileBytes.isDirectory(root.resolve(directory))
        {
            return report(.skipped("no \(root.resolve(directory)) yet"))
        }
        let existing = try FileBytes.readIfExists(host)
        if existing != nil && file.policy == .createOnly { return report(.skipped("exists")) }
        if existing == file.content && FileBytes.mode(of: host) == file.mode { return report(.unchanged) }
        if options.dryRun {
            var diff: String?
            if file.isText {
                let old = existing.map { String(decoding: $0, as: UTF8.self) } ?? ""
                diff = LineDiff.unified(
                    old: old, new: file.text, oldName: existing == nil ? "/dev/null" : host,
                    newName: host)
                if diff == "" { diff = "mode \(String(file.mode, radix: 8))\n" }
            } else {
                diff = existing == nil ? nil : "Binary file \(host) differs\n"
            }
            return report(.written(new: existing == nil), diff: diff)
        }
        var manifest = try loadManifest()
        try ensureStore(&manifest)
        for directory in try FileBytes.makeDirectories(TextFile.parentDirectory(of: host)) {
            manifest.record(.directory, target(directory))
        }
        if manifest.entry(for: file.path) == nil {
            if let existing {
                let backup = root.resolve(BackupManifest.filesDirectory + file.path)
                _ = try FileBytes.makeDirectories(TextFile.parentDirectory(of: backup))
                try FileBytes.writeAtomically(existing, to: backup, mode: FileBytes.mode(of: host) ?? 0o644)
                manifest.record(.replaced, file.path)
            } else {
                manifest.record(.created, file.path)
            }
        }
        try save(manifest)
        try FileBytes.writeAtomically(file.content, to: host, mode: file.mode)
        if let kind = manifest.entry(for: file.path)?.kind { manifest.record(kind, file.path, content: file.content) }
        try save(manifest)
        return report(.written(new: existing == nil))
    }

    /// Runs a command step when its trigger holds and the options allow it.
    public mutating func run(_ command: CommandStep, changed: Set<String>, into report: inout ApplyReport)
        throws(ProvisioningError)
    {
        let subject = command.invocation.description
        func finish(_ outcome: StepReport.Outcome) {
            let step = StepReport(subject: subject, isCommand: true, outcome: outcome, dryRun: options.dryRun)
            report.steps.append(step)
            progress(step)
        }
        switch command.trigger {
        case .filesChanged(let files):
            guard files.contains(where: changed.contains) else { return finish(.skipped("nothing it reads changed")) }
        case .filesMissing(let files):
            guard files.contains(where: { !TextFile.exists(root.resolve($0)) }) else {
                return finish(.skipped("\(command.purpose): nothing missing"))
            }
        }
        guard options.runCommands else { return finish(.skipped("--no-commands; \(command.purpose)")) }
        if command.invocation.touchesHost && root.path != "/" && !options.runHostCommands {
            return finish(
                .skipped(
                    "would \(command.purpose) on the running host, not under --root \(root.path); "
                        + "--host-commands runs it"))
        }
        if options.dryRun { return finish(.ran) }
        let before = Set(command.creates.filter { TextFile.exists(root.resolve($0)) })
        var manifest = try loadManifest()
        do throws(ProvisioningError) {
            if let parent = command.creates.first.map({ TextFile.parentDirectory(of: root.resolve($0)) }) {
                try ensureStore(&manifest)
                for directory in try FileBytes.makeDirectories(parent) {
                    manifest.record(.directory, target(directory))
                }
                try save(manifest)
            }
            let outcome = try runner.run(command.invocation)
            guard outcome.status == 0 else {
                throw .commandFailed(command: subject, status: outcome.status, output: outcome.output)
            }
        } catch {
            throw .stepFailed(step: "run \(subject)", reason: error.description)
        }
        for path in command.creates where !before.contains(path) {
            if let bytes = try FileBytes.readIfExists(root.resolve(path)) {
                manifest.record(.created, path, content: bytes)
            }
        }
        try save(manifest)
        finish(.ran)
    }

    // MARK: manifest

    mutating func loadManifest() throws(ProvisioningError) -> BackupManifest {
        if let manifest { return manifest }
        let path = root.resolve(BackupManifest.path)
        let loaded =
            try FileBytes.readIfExists(path).map { bytes throws(ProvisioningError) in
                try BackupManifest(text: String(decoding: bytes, as: UTF8.self), file: path)
            } ?? BackupManifest()
        manifest = loaded
        return loaded
    }

    mutating func save(_ updated: BackupManifest) throws(ProvisioningError) {
        guard updated != manifest || !TextFile.exists(root.resolve(BackupManifest.path)) else { return }
        try FileBytes.writeAtomically(Array(updated.text.utf8), to: root.resolve(BackupManifest.path), mode: 0o600)
        manifest = updated
    }

    func ensureStore(_ manifest: inout BackupManifest) throws(ProvisioningError) {
        for directory in try FileBytes.makeDirectories(root.resolve(BackupManifest.directory)) {
            manifest.record(.store, target(directory))
        }
    }

    /// The target path of a host path under the root.
    func target(_ host: String) -> String {
        root.path == "/" ? host : String(host.dropFirst(root.path.count))
    }
}
