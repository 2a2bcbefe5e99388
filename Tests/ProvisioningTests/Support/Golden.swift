import Foundation
import Testing

/// Golden files in `Tests/ProvisioningTests/Golden/`, read from the test bundle.
/// Regenerate them with `KIWI_UPDATE_GOLDEN=1 swift test --filter ProvisioningTests`: the files are then written
/// into the source tree (found through #filePath) and the comparison passes; review the change with `git diff`.
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["KIWI_UPDATE_GOLDEN"] == "1" }

    static var sourceDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Golden").path
    }

    static func expected(_ name: String) -> String? {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Golden") else { return nil }
        return try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if updating {
            let file = URL(fileURLWithPath: sourceDirectory + "/" + name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = expected(name) else {
            Issue.record(
                "no golden file \(name); run with KIWI_UPDATE_GOLDEN=1 to write it", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}
