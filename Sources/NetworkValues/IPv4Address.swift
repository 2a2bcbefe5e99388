import SystemSupport
import Glibc
/// An IPv4 address as a 32-bit number in host order, with dotted-quad text form.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses strict dotted-quad text (four decimal octets, no leading zeros beyond `0`).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCIIDigit }),
                part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        self.value = value
    }

    public var octets: [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
    public var description: String { octets.map(String.init).joined(separator: ".") }

    /// RFC 1918 §3 private ranges: 10/8, 172.16/12, 192.168/16.
    public var isPrivate: Bool {
        value >> 24 == 10 || value >> 20 == 0xAC1 || value >> 16 == 0xC0A8
    }

    public var isLoopback: Bool { value >> 24 == 127 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

#if !hasFeature(Embedded)
    // Embedded Swift, which builds the i386 client programs, has no Codable.
    extension IPv4Address: Codable {
        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let address = IPv4Address(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            self = address
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }
#endif

extension Character {
    public var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
