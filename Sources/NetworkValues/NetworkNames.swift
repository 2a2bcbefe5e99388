/// The text forms of network names that configuration, lts.conf and the DHCP server share.
public enum NetworkNames {
    /// A MAC address as `aa:bb:cc:dd:ee:ff` (given with `:` or `-`, in any case); nil when it is not one.
    public static func normalizedMAC(_ text: String) -> String? {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == 6, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isHexDigit } }) else {
            return nil
        }
        return parts.map { $0.lowercased() }.joined(separator: ":")
    }

    /// A hardware address's bytes as `aa:bb:cc:dd:ee:ff`.
    public static func macText(_ bytes: [UInt8]) -> String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: ":")
    }

    /// nil when `text` is a DNS name (labels of letters, digits and `-`, not starting or ending with `-`, 1–63
    /// characters each, 253 at most), else what to write instead.
    public static func domainProblem(_ text: String) -> String? {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let valid =
            text.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
        return valid ? nil : "use a DNS domain such as ltsp.lan"
    }
}
