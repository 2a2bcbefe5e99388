import Foundation
import Testing

/// Integration tests need real tools. In a strict run (CI, `CI=true`, or `scripts/test`, which installs every tool
/// the tests use: `KIWI_TEST_STRICT=1`) a missing tool fails the test; elsewhere the test ends as skipped with the
/// reason (Swift Testing's cancellation: the summary counts it apart from the passed ones), so a developer machine
/// without the package still runs the rest.
public enum RequiredTool {
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Where `name` is on PATH (or the sbin directories); an absolute path is taken as it is.
    public static func path(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
        for directory in directories.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `nil` when every tool is present and we are root; otherwise why the test cannot run.
    public static func missing(_ names: [String], needsRoot: Bool = true) -> String? {
        if needsRoot && getuid() != 0 { return "needs root" }
        let absent = names.filter { path($0) == nil }
        return absent.isEmpty ? nil : "missing tools: \(absent.joined(separator: ", "))"
    }

    /// Whether a missing tool fails the test (CI, or `scripts/test`) rather than skipping it.
    public static var isStrict: Bool {
        isCI || ProcessInfo.processInfo.environment["KIWI_TEST_STRICT"] == "1"
    }

    /// Returns when every tool in `names` is present (and we are root, with `needsRoot`). Otherwise a strict run
    /// fails the test with what is missing, and any other run ends it as skipped with the reason.
    public static func require(
        _ names: [String], needsRoot: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard let missing = missing(names, needsRoot: needsRoot) else { return }
        try skip(missing, sourceLocation: sourceLocation)
    }

    /// Where `name` is (see ``require(_:needsRoot:sourceLocation:)`` when it is nowhere).
    public static func located(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        guard let path = path(name) else { try skip("missing tools: \(name)", sourceLocation: sourceLocation) }
        return path
    }

    /// Ends the test for want of `reason` (a tool, a package's files): a failure in a strict run, else a skip.
    public static func skip(_ reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Never {
        if isStrict { throw TestFailure("this run must have what the test needs: \(reason)") }
        try Test.cancel("skipped: \(reason)", sourceLocation: sourceLocation)
    }

    /// For `.enabled(if:)`: whether the test may run (in a strict run always: a missing tool then fails it).
    public static func available(_ names: [String], needsRoot: Bool = true) -> Bool {
        missing(names, needsRoot: needsRoot) == nil || isStrict
    }
}
