import SystemSupport

/// What `kiwi-ltsp configure` installed under a root, so `--undo` can take it back:
/// `/var/lib/kiwi-ltsp/backup/manifest`, one `KIND<TAB>HASH<TAB>PATH` line per entry, in the order things happened.
/// Replaced files are kept under `/var/lib/kiwi-ltsp/backup/files<PATH>`; only the first original is kept, so undo
/// always returns to the state before kiwi-ltsp.
public struct BackupManifest: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// A file that did not exist; undo removes it unless it changed since we wrote it.
        case created
        /// A file that existed; undo puts the backup back.
        case replaced
        /// A directory we made; undo removes it when empty.
        case directory
        /// A directory of the backup store itself; removed last.
        case store
    }

    public struct Entry: Equatable, Sendable {
        public var kind: Kind
        /// FNV-1a 64 of the content we last wrote (change detection, not security); `-` for directories.
        public var hash: String
        /// Path as seen on the target.
        public var path: String
    }

    public static let directory = KiwiPaths.backupDirectory
    public static let path = directory + "/manifest"
    public static let filesDirectory = directory + "/files"

    public var entries: [Entry] = []

    public init(entries: [Entry] = []) { self.entries = entries }

    public func entry(for path: String) -> Entry? { entries.last { $0.path == path && $0.kind != .directory } }

    public mutating func record(_ kind: Kind, _ path: String, content: [UInt8]? = nil) {
        let hash = content.map(Self.hash) ?? "-"
        if let index = entries.firstIndex(where: { $0.path == path && $0.kind == kind }) {
            entries[index].hash = hash
        } else {
            entries.append(Entry(kind: kind, hash: hash, path: path))
        }
    }

    public var text: String {
        entries.map { "\($0.kind.rawValue)\t\($0.hash)\t\($0.path)\n" }.joined()
    }

    public init(text: String, file: String) throws(ProvisioningError) {
        for (index, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let kind = Kind(rawValue: String(fields[0])), fields[2].hasPrefix("/") else {
                throw .manifest(path: file, line: index + 1, message: "expected KIND<TAB>HASH<TAB>/PATH")
            }
            entries.append(Entry(kind: kind, hash: String(fields[1]), path: String(fields[2])))
        }
    }

    /// FNV-1a, 64 bits, as 16 hex digits.
    public static func hash(_ bytes: [UInt8]) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
