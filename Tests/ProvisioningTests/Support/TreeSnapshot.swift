import Foundation
import Provisioning
import TestSupport

/// Every path under a directory with its type, mode and content hash, to compare a tree before and after.
func treeSnapshot(_ root: String) throws -> [String: String] {
    var result: [String: String] = [:]
    let manager = FileManager.default
    for relative in try manager.subpathsOfDirectory(atPath: root) {
        let path = root + "/" + relative
        let attributes = try manager.attributesOfItem(atPath: path)
        let type = attributes[.type] as? FileAttributeType
        let mode = (attributes[.posixPermissions] as? Int).map { String($0, radix: 8) } ?? "?"
        if type == .typeDirectory {
            result[relative] = "dir"
        } else {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            result[relative] = "file \(mode) \(data.count) \(BackupManifest.hash(Array(data)))"
        }
    }
    return result
}

/// Records invocations and answers them all with success.
final class RecordingRunner: ProcessRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [CommandInvocation] = []

    var invocations: [CommandInvocation] { lock.lock(); defer { lock.unlock() }; return recorded }

    func run(_ invocation: CommandInvocation) throws(ProvisioningError) -> CommandOutcome {
        lock.lock(); recorded.append(invocation); lock.unlock()
        return CommandOutcome(status: 0, output: "")
    }
}

func writeFile(_ path: String, _ text: String) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent,
        withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}
