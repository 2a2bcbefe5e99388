import SystemSupport

/// A medium's label and file system, from `blkid -p -o export` (util-linux, in every image): `LABEL=`, `TYPE=`.
public enum MediumProbe {
    public static let blkid = "/sbin/blkid"

    /// `medium` with its label and file system filled in; nil when blkid finds no file system on it.
    public static func probe(_ medium: RemovableMedium) -> RemovableMedium? {
        guard let found = identify(medium.device) else { return nil }
        var probed = medium
        (probed.fileSystem, probed.label) = found
        return probed
    }

    /// The file system and label on a block device (or an image file); nil when there is none, or no medium in the
    /// drive (blkid's complaint about that is not logged: drives are looked at every session).
    public static func identify(_ path: String) -> (fileSystem: String, label: String?)? {
        guard let output = ProcessSpawn.output(blkid, ["blkid", "-p", "-o", "export", path], quiet: true) else {
            return nil
        }
        let values = parse(output)
        guard let type = values["TYPE"], !type.isEmpty else { return nil }
        return (type, values["LABEL"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// blkid's export format: `KEY=value` lines, with `\` before the characters a shell would read specially.
    public static func parse(_ output: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = ""
            var escaped = false
            for character in line[line.index(after: equals)...] {
                if !escaped && character == "\\" { escaped = true; continue }
                escaped = false
                value.append(character)
            }
            values[String(line[..<equals])] = value
        }
        return values
    }
}
