import Glibc
import NetworkValues
import SystemSupport

/// The kinds of value a sysconfig variable takes; each knows its `## Type:` header and how to check a value.
public enum ValueType: Sendable, Equatable {
    case string
    case word
    case yesno
    case choice([String])
    case integer(ClosedRange<Int>)
    case ipv4
    case ipv4List
    /// IPv4 or IPv6 addresses separated by spaces.
    case addresses
    /// `MAC,ADDRESS[,HOSTNAME]` entries separated by spaces.
    case reservations
    /// A file name relative to the TFTP root.
    case tftpPath
    case interfaces
    case interface
    case path
    case dhcpRange
    case url
    case packages
    case domain
    /// Words separated by spaces, each one of these.
    case choiceList([String])

    /// The SUSE sysconfig `## Type:` text.
    public var headerText: String {
        switch self {
        case .string, .word, .interface, .interfaces, .path, .dhcpRange, .url, .packages, .domain, .ipv4List,
            .addresses, .reservations, .tftpPath, .choiceList:
            return "string"
        case .yesno: return "yesno"
        case .choice(let values): return "list(\(values.joined(separator: ",")))"
        case .integer(let range): return "integer(\(range.lowerBound):\(range.upperBound))"
        case .ipv4: return "ip"
        }
    }

    /// `nil` when `text` is acceptable, else what is allowed. Empty text is checked by the caller.
    public func problem(with text: String) -> String? {
        switch self {
        case .string:
            return text.contains("\n") ? "a newline is not allowed" : nil
        case .word:
            return text.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) })
                ? nil : "use letters, digits, '-', '.' and '_' only"
        case .yesno:
            return YesNo.parse(text) == nil ? "use yes or no" : nil
        case .choice(let values):
            return values.contains(text) ? nil : "use one of \(values.joined(separator: ", "))"
        case .integer(let range):
            guard let number = Int(text), range.contains(number) else {
                return "use a whole number from \(range.lowerBound) to \(range.upperBound)"
            }
            return nil
        case .ipv4:
            return IPv4Address(text) == nil ? "use an IPv4 address such as 192.168.67.1" : nil
        case .ipv4List:
            let bad = words(text).filter { IPv4Address($0) == nil }
            return bad.isEmpty ? nil : "'\(bad[0])' is not an IPv4 address; separate addresses with spaces"
        case .addresses:
            let bad = words(text).filter { IPAddressText.family(of: $0) == nil }
            return bad.isEmpty ? nil : "'\(bad[0])' is not an IPv4 or IPv6 address; separate addresses with spaces"
        case .reservations:
            return HostReservation.parseList(text).failureDescription
        case .tftpPath:
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            let valid =
                !text.hasPrefix("/") && !parts.contains("..") && !parts.contains("")
                && text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value != 0x7f && $0 != "\\" }
            return valid ? nil : "use a path inside TFTP_ROOT such as \(KiwiPaths.ipxeScript) (no leading /, no ..)"
        case .interfaces:
            let bad = words(text).filter { !Self.isInterfaceName($0) }
            return bad.isEmpty ? nil : "'\(bad[0])' is not an interface name; separate names with spaces"
        case .interface:
            return Self.isInterfaceName(text) ? nil : "use one interface name such as eth0"
        case .path:
            return text.hasPrefix("/") ? nil : "use an absolute path (starting with /)"
        case .dhcpRange:
            if case .failure(let problem) = DHCPRange.parse(text) { return problem.description }
            return nil
        case .url:
            let schemes = ["http://", "https://", "file:/"]
            return schemes.contains(where: { text.hasPrefix($0) }) ? nil : "use an http://, https:// or file:/ URL"
        case .packages:
            let bad = words(text).filter { !Self.isPackageName($0) }
            return bad.isEmpty ? nil : "'\(bad[0])' is not a Debian package name; separate names with spaces"
        case .domain:
            return NetworkNames.domainProblem(text)
        case .choiceList(let values):
            let bad = words(text).filter { !values.contains($0) }
            return bad.isEmpty
                ? nil : "'\(bad[0])' is not one of \(values.joined(separator: ", ")); separate words with spaces"
        }
    }

    static func isInterfaceName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && name.count <= 15
            && name.allSatisfy { $0.isASCII && !$0.isWhitespace && $0 != "/" && $0 != ":" }
    }

    static func isPackageName(_ name: some StringProtocol) -> Bool {
        let base = name.split(whereSeparator: { ":=/".contains($0) }).first ?? ""
        guard base.count >= 2, let first = base.first, first.isLowercase || first.isNumber else { return false }
        return base.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "+-.".contains($0)) }
    }
}

func words(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
}

/// sysconfig `yesno` values; `true`/`false` are accepted too since admins write them.
public enum YesNo {
    public static func parse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "1", "on": return true
        case "no", "false", "0", "off": return false
        default: return nil
        }
    }

    /// An lts.conf flag: LTSP 5's `Y` and `N` as well as everything ``parse(_:)`` takes.
    public static func parseLTSConf(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "y": return true
        case "n": return false
        default: return parse(text)
        }
    }
}
