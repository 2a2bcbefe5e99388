import Foundation

/// Integration tests need real tools. In CI (`CI=true`) a missing tool fails the test; elsewhere the test is skipped
/// with the reason, so a developer machine without the package still runs the rest.
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

    /// True when the test may run. In CI a missing tool is reported as a failure by the caller's `#require`.
    public static func available(_ names: [String], needsRoot: Bool = true) -> Bool {
        missing(names, needsRoot: needsRoot) == nil || isCI
    }
}
