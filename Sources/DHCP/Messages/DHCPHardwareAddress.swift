import NetworkValues

/// A client hardware address (`chaddr`, RFC 2131 §2), shown as lower-case `aa:bb:cc:dd:ee:ff`.
public struct DHCPHardwareAddress: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `aa:bb:cc:dd:ee:ff` (any case, `-` also accepted as separator).
    public init?(_ text: String) {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "-" })
        guard !parts.isEmpty, parts.count <= 16 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    public var description: String { NetworkNames.macText(bytes) }
}
