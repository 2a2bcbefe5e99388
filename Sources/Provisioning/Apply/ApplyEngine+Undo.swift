import Foundation
import SystemSupport

extension ApplyEngine {
    /// Takes back everything the manifest records, newest first: created files are removed (unless changed since we
    /// wrote them: an admin's edit is kept), replaced files get their original back, our directories go when
    /// empty; then the backup store itself is removed.
    public mutating func undo(into report: inout ApplyReport) throws(ProvisioningError) {
        let manifestPath = root.resolve(BackupManifest.path)
        guard TextFile.exists(manifestPath) else { throw .nothingToUndo(manifest: manifestPath) }
        let manifest = try loadManifest()
        func note(_ subject: String, _ outcome: StepReport.Outcome) {
            let step = StepReport(subject: subject, isCommand: false, outcome: outcome, dryRun: options.dryRun)
            report.steps.append(step)
            progress(step)
        }
        for entry in manifest.entries.reversed() {
            let host = root.resolve(entry.path)
            switch entry.kind {
            case .created:
                guard let bytes = try FileBytes.readIfExists(host) else { continue }
                guard BackupManifest.hash(bytes) == entry.hash else {
                    note(host, .kept("changed since kiwi-ltsp wrote it"))
                    continue
                }
                if !options.dryRun { try FileBytes.remove(host) }
                note(host, .removed)
            case .replaced:
                let backup = root.resolve(BackupManifest.filesDirectory + entry.path)
                guard TextFile.exists(backup) else {
                    note(host, .kept("no backup at \(backup)"))
                    continue
                }
                if !options.dryRun && rename(backup, host) != 0 {
                    throw .stepFailed(
                        step: "restore \(host)",
                        reason: "cannot rename \(backup): "
                            + String(cString: strerror(errno)))
                }
                note(host, .restored)
            case .directory:
                guard FileBytes.isDirectory(host) else { continue }
                if options.dryRun { continue }
                if rmdir(host) != 0 { note(host, .kept("not empty")) }
            case .store:
                continue
            }
        }
        guard !options.dryRun else { return }
        try FileBytes.remove(manifestPath)
        Self.removeEmptyDirectories(under: root.resolve(BackupManifest.filesDirectory))
        for entry in manifest.entries.reversed() where entry.kind == .store {
            rmdir(root.resolve(entry.path))
        }
        self.manifest = nil
    }

    /// Removes `directory` and its subdirectories when they hold no files.
    static func removeEmptyDirectories(under directory: String) {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []
        for path in paths.sorted(by: { $0.count > $1.count }) { rmdir(directory + "/" + path) }
        rmdir(directory)
    }
}
