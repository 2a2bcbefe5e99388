/// Turns a requested file name into path components that cannot leave the root.
///
/// RFC 1350 says nothing about names; these rules follow tftpd-hpa `-s` and the hostile names seen in the field:
/// a leading `/` is stripped and the rest taken under the root; `..` components, backslashes (traversal on Windows
/// servers), NUL and other control characters, empty names and overlong names are refused. Nothing is decoded:
/// `%2e%2e%2f` is a literal (and simply missing) file name. Names are bytes, as the kernel sees them: they are split
/// on the byte 0x2F, never on Swift's `Character` "/" (a "/" followed by a combining mark is one Character, so
/// `../\u{301}x` would hide its `..`).
enum TFTPFileName {
    /// Longest accepted name in bytes (NAME_MAX of common file systems).
    static let maxLength = 255

    static func components(of name: String) throws -> [String] {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else {
            throw TFTPError.accessViolation(name: name, reason: "empty file name")
        }
        guard bytes.count <= Self.maxLength else {
            throw TFTPError.accessViolation(name: name, reason: "file name longer than \(Self.maxLength) bytes")
        }
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw TFTPError.accessViolation(name: name, reason: "control character in file name")
        }
        guard !bytes.contains(UInt8(ascii: "\\")) else {
            throw TFTPError.accessViolation(name: name, reason: "backslash in file name")
        }
        var components: [String] = []
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            switch Array(component) {
            case [UInt8(ascii: ".")]:
                continue
            case [UInt8(ascii: "."), UInt8(ascii: ".")]:
                throw TFTPError.accessViolation(name: name, reason: "\"..\" in file name")
            default:
                components.append(String(decoding: component, as: UTF8.self))
            }
        }
        guard !components.isEmpty else {
            throw TFTPError.accessViolation(name: name, reason: "file name names the root directory")
        }
        return components
    }
}
