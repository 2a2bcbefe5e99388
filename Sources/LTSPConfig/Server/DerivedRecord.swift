import SystemSupport

/// The values `configure` derived from the host (SERVER_IP from an interface, the interfaces, the range, the DNS
/// servers...) when it wrote them into the boot menus and service files, kept in ``KiwiPaths/derivedRecord``.
/// `serve` derives the same values again at start and on SIGHUP; when the host has changed in between (a new
/// address), the files say one thing and the services another: ``changes(now:)`` names each such value so `serve`
/// can warn that `configure` should run again. `configure` owns the written files; `serve` only compares.
public struct DerivedRecord: Equatable, Sendable {
    /// Variable name → the value configure used.
    public var values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    /// The derived settings of a loaded configuration.
    public init(settings: [ConfigSetting]) {
        var values: [String: String] = [:]
        for setting in settings {
            if case .derived = setting.provenance { values[setting.name] = setting.value }
        }
        self.values = values
    }

    /// The file's text: a comment, then `NAME=value` lines in name order.
    public var text: String {
        var lines = [
            "# Written by `kiwi-ltsp configure`: the values it derived from this host and wrote into the boot",
            "# menus and service files. `kiwi-ltsp serve` warns when the host no longer gives these.",
        ]
        lines += values.keys.sorted().map { "\($0)=\(values[$0] ?? "")" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads ``text``; lines that are not `NAME=value` are ignored.
    public static func parse(_ text: String) -> DerivedRecord {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmed()
            guard !name.isEmpty else { continue }
            values[name] = String(line[line.index(after: equals)...])
        }
        return DerivedRecord(values: values)
    }

    /// One line per recorded value that the configuration now gives differently (derived again, or now set).
    public func changes(now settings: [ConfigSetting]) -> [String] {
        values.keys.sorted().compactMap { name in
            let recorded = values[name] ?? ""
            let current = settings.first { $0.name == name }?.value ?? ""
            guard current != recorded else { return nil }
            return "\(name) was \(recorded.isEmpty ? "empty" : recorded) when `kiwi-ltsp configure` ran and is "
                + "\(current.isEmpty ? "empty" : current) now"
        }
    }

    /// What `serve` says when the host changed since `configure` ran under `root`: nothing when it did not, or when
    /// configure has not recorded anything there.
    public static func warnings(root: RootDirectory, settings: [ConfigSetting]) -> [String] {
        guard let text = try? TextFile.read(root.resolve(KiwiPaths.derivedRecord)) else { return [] }
        let changes = parse(text).changes(now: settings)
        guard !changes.isEmpty else { return [] }
        return changes.map { "the host changed since configure: \($0)" }
            + ["the boot menus and service files still have the old values: run `kiwi-ltsp configure` again"]
    }
}
