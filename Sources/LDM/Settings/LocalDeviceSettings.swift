import LTSPConfig
import SystemSupport

/// lts.conf's local-device settings: `LOCALDEV` (on unless False), `LOCALDEV_READONLY` (the session may read the
/// media, never write), `LOCALDEV_DENY_USB`, `LOCALDEV_DENY_SD`, `LOCALDEV_DENY_CD` (a whole kind of medium stays on
/// the client) and `LOCALDEV_DENY`: comma-separated `KEY:PATTERN` rules with shell globs, KEY one of `device`
/// (`sdb1`), `label`, `fs_type` (`ntfs`) and `bus` (`usb`, `sd`, `cd`). A medium matching any rule is not shown.
public struct LocalDeviceSettings: Equatable, Sendable {
    public struct Rule: Equatable, Sendable {
        public enum Key: String, CaseIterable, Sendable {
            case device, label, fsType = "fs_type", bus
        }

        public var key: Key
        public var pattern: String
    }

    public var enabled: Bool
    public var readOnly: Bool
    public var deniedBuses: Set<RemovableMedium.Bus>
    public var rules: [Rule]
    /// One message per setting that could not be used.
    public var problems: [String] = []

    public init(_ value: (String) -> String?) {
        func flag(_ name: String, default fallback: Bool) -> Bool {
            value(name).flatMap(YesNo.parseLTSConf) ?? fallback
        }
        enabled = flag("LOCALDEV", default: true)
        readOnly = flag("LOCALDEV_READONLY", default: false)
        deniedBuses = Set(
            RemovableMedium.Bus.allCases.filter {
                flag(
                    "LOCALDEV_DENY_\($0.rawValue.uppercased())",
                    default: false)
            })
        rules = []
        let entries = (value("LOCALDEV_DENY") ?? "").split(separator: ",").map { $0.trimmed() }.filter { !$0.isEmpty }
        for entry in entries {
            guard let colon = entry.firstIndex(of: ":"),
                let key = Rule.Key(rawValue: entry[..<colon].trimmed().lowercased())
            else {
                let keys = Rule.Key.allCases.map { $0.rawValue }.joined(separator: ", ")
                problems.append("LOCALDEV_DENY: '\(entry)' is not KEY:PATTERN with KEY one of \(keys)")
                continue
            }
            let pattern = entry[entry.index(after: colon)...].trimmed()
            guard !pattern.isEmpty else {
                problems.append("LOCALDEV_DENY: '\(entry)' has no pattern")
                continue
            }
            rules.append(Rule(key: key, pattern: pattern))
        }
    }

    /// Whether `medium` may appear in the session; nil when it may, else the reason it may not.
    public func denial(of medium: RemovableMedium) -> String? {
        guard enabled else { return "LOCALDEV is off" }
        if deniedBuses.contains(medium.bus) { return "LOCALDEV_DENY_\(medium.bus.rawValue.uppercased())" }
        for rule in rules {
            let subject: String
            switch rule.key {
            case .device: subject = medium.name
            case .label: subject = medium.label ?? ""
            case .fsType: subject = medium.fileSystem ?? ""
            case .bus: subject = medium.bus.rawValue
            }
            if Glob.matches(rule.pattern, subject) { return "LOCALDEV_DENY \(rule.key.rawValue):\(rule.pattern)" }
        }
        return nil
    }
}
