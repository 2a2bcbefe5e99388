/// The transfer mode named in a request.
///
/// RFC 1350 §1: "netascii", "octet" or "mail", compared case-insensitively. "mail" is obsolete and refused by the
/// server; it is still decoded so the refusal can say what was asked.
public enum TFTPTransferMode: String, Sendable, Hashable {
    case netascii
    case octet
    case mail

    /// Parses a mode name case-insensitively (RFC 1350 §5: "any combination of upper and lower case").
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}
