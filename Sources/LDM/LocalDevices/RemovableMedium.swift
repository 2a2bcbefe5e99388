import SystemSupport

/// One removable medium the client can show in a session: a USB stick or disk (or one of its partitions), an SD card,
/// a CD or DVD. `label` and `fileSystem` come from probing it (``MediumProbe``).
public struct RemovableMedium: Equatable, Hashable, Sendable {
    public enum Bus: String, CaseIterable, Sendable {
        case usb, sd, cd
    }

    /// The kernel's name: `sdb1`, `sdc`, `mmcblk0p1`, `sr0`.
    public var name: String
    public var bus: Bus
    /// Its size in 512-byte sectors: a different disc in the same drive is a different medium.
    public var sectors: UInt64
    public var label: String?
    public var fileSystem: String?

    public init(name: String, bus: Bus, sectors: UInt64, label: String? = nil, fileSystem: String? = nil) {
        self.name = name
        self.bus = bus
        self.sectors = sectors
        self.label = label
        self.fileSystem = fileSystem
    }

    public var device: String { "/dev/\(name)" }

    /// What tells one medium from the next in the same slot.
    public var identity: String { "\(name):\(sectors)" }

    /// The name of its directory in the session, `/media/<user>/<this>`: the label with anything but letters,
    /// digits, `.`, `_` and `-` replaced by `_`, else the kernel's name; never `.` or `..`, at most 64 bytes.
    public var directoryName: String {
        let cleaned = String(
            (label ?? "").trimmed().unicodeScalars.map { scalar -> Character in
                let allowed =
                    scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || scalar == "." || scalar == "_" || scalar == "-")
                return allowed ? Character(scalar) : "_"
            }.prefix(64))
        if cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) { return name }
        return cleaned.hasPrefix(".") ? "_" + cleaned.dropFirst() : cleaned
    }
}
