import SystemSupport
import Glibc
/// The DHCP pool `start,end[,leasetime]` in the dnsmasq notation the seed used.
public struct DHCPRange: Hashable, Sendable, CustomStringConvertible {
    public var start: IPv4Address
    public var end: IPv4Address
    /// Lease time in seconds; `nil` means infinite.
    public var leaseSeconds: UInt32?

    public static let defaultLeaseSeconds: UInt32 = 12 * 3600

    public init(start: IPv4Address, end: IPv4Address, leaseSeconds: UInt32? = DHCPRange.defaultLeaseSeconds) {
        self.start = start
        self.end = end
        self.leaseSeconds = leaseSeconds
    }

    /// Parses `start,end[,leasetime]`, the lease time as seconds or with a unit `s`, `m`, `h`, `d`, `w`, or `infinite`.
    public static func parse(_ text: String) -> Result<DHCPRange, RangeProblem> {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmed() }
        guard parts.count == 2 || parts.count == 3 else { return .failure(.shape) }
        guard let start = IPv4Address(parts[0]) else { return .failure(.address(parts[0])) }
        guard let end = IPv4Address(parts[1]) else { return .failure(.address(parts[1])) }
        guard start <= end else { return .failure(.reversed) }
        var lease: UInt32? = defaultLeaseSeconds
        if parts.count == 3 {
            guard let parsed = parseLeaseTime(parts[2]) else { return .failure(.leaseTime(parts[2])) }
            lease = parsed
        }
        return .success(DHCPRange(start: start, end: end, leaseSeconds: lease))
    }

    /// `nil` inside `.some` means infinite; `nil` means unparsable. Minimum two minutes, as dnsmasq enforces.
    static func parseLeaseTime(_ text: String) -> UInt32?? {
        if text.lowercased() == "infinite" { return .some(nil) }
        let units: [Character: UInt64] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
        var digits = Substring(text.lowercased())
        var unit: UInt64 = 1
        if let last = digits.last, let scale = units[last] {
            unit = scale
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCIIDigit }), let number = UInt64(digits) else { return nil }
        // A number that fits 64 bits can still overflow them once scaled ("18446744073709551615w").
        let (seconds, overflow) = number.multipliedReportingOverflow(by: unit)
        guard !overflow, seconds >= 120, seconds < UInt64(UInt32.max) else { return nil }
        return .some(UInt32(seconds))
    }

    public var size: Int { Int(end.value - start.value) + 1 }

    public var leaseTimeText: String {
        guard let seconds = leaseSeconds else { return "infinite" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)"
    }

    public var description: String { "\(start),\(end),\(leaseTimeText)" }

    public enum RangeProblem: Error, Equatable, Sendable, CustomStringConvertible {
        case shape, address(String), reversed, leaseTime(String)

        public var description: String {
            switch self {
            case .shape: return "expected start,end[,leasetime] such as 192.168.67.20,192.168.67.250,12h"
            case .address(let text): return "'\(text)' is not an IPv4 address"
            case .reversed: return "the start address is above the end address"
            case .leaseTime(let text):
                return "'\(text)' is not a lease time; use seconds (at least 120), a unit (30m, 12h, 7d) or infinite"
            }
        }
    }
}
