/// A hostname the client may take: RFC 1123 §2.1 labels (letters, digits, `-`, not at either end) joined by dots, at
/// most 64 bytes as sethostname(2) takes.
public enum ClientHostname {
    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0 == "-" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }
    }
}
