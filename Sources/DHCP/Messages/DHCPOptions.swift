import NetworkValues

/// The options of a DHCP message, in wire order, one entry per code.
///
/// RFC 3396 §5: an option that appears more than once is one option whose values are concatenated; decoding merges
/// them and encoding splits values longer than 255 bytes again.
public struct DHCPOptions: Hashable, Sendable {
    public private(set) var entries: [(code: DHCPOptionCode, value: [UInt8])] = []

    public init() {}

    public init(_ entries: [(DHCPOptionCode, [UInt8])]) {
        for (code, value) in entries { self[code] = value }
    }

    public subscript(code: DHCPOptionCode) -> [UInt8]? {
        get { entries.first { $0.code == code }?.value }
        set {
            let index = entries.firstIndex { $0.code == code }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append((code, value))
            case (nil, nil): break
            }
        }
    }

    /// RFC 3396 §5: appends to an option already present instead of replacing it.
    mutating func append(_ code: DHCPOptionCode, _ value: [UInt8]) {
        if let index = entries.firstIndex(where: { $0.code == code }) {
            entries[index].value += value
        } else {
            entries.append((code, value))
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var codes: [DHCPOptionCode] { entries.map(\.code) }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.code == $1.code && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.code)
            hasher.combine(entry.value)
        }
    }
}

// MARK: - Typed access (RFC 2132, RFC 4578)

extension DHCPOptions {
    public var messageType: DHCPMessageType? {
        get { self[.messageType].flatMap { $0.count == 1 ? DHCPMessageType(rawValue: $0[0]) : nil } }
        set { self[.messageType] = newValue.map { [$0.rawValue] } }
    }

    public func address(_ code: DHCPOptionCode) -> IPv4Address? {
        guard let bytes = self[code], bytes.count == 4 else { return nil }
        return IPv4Address(bytes.reduce(0) { $0 << 8 | UInt32($1) })
    }

    public mutating func setAddress(_ code: DHCPOptionCode, _ address: IPv4Address?) {
        self[code] = address?.octets
    }

    public func addresses(_ code: DHCPOptionCode) -> [IPv4Address] {
        guard let bytes = self[code], bytes.count % 4 == 0 else { return [] }
        return stride(from: 0, to: bytes.count, by: 4).map { start in
            IPv4Address(bytes[start..<start + 4].reduce(0) { $0 << 8 | UInt32($1) })
        }
    }

    public mutating func setAddresses(_ code: DHCPOptionCode, _ addresses: [IPv4Address]) {
        self[code] = addresses.isEmpty ? nil : addresses.flatMap(\.octets)
    }

    public func uint32(_ code: DHCPOptionCode) -> UInt32? {
        guard let bytes = self[code], bytes.count == 4 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    public mutating func setUInt32(_ code: DHCPOptionCode, _ value: UInt32?) {
        self[code] = value.map { value in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
    }

    /// Text options are not NUL-terminated (RFC 2132 §2), but some clients add one: it is dropped.
    public func text(_ code: DHCPOptionCode) -> String? {
        guard var bytes = self[code] else { return nil }
        while bytes.last == 0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    public mutating func setText(_ code: DHCPOptionCode, _ text: String?) {
        self[code] = text.map { Array($0.utf8) }
    }

    public var requestedAddress: IPv4Address? { address(.requestedAddress) }
    public var serverIdentifier: IPv4Address? { address(.serverIdentifier) }
    public var vendorClass: String? { text(.vendorClass) }

    /// RFC 4578 §2.1: a list of 16-bit architecture types, most preferred first.
    public var clientArchitectures: [UInt16] {
        guard let bytes = self[.clientArchitecture], bytes.count % 2 == 0 else { return [] }
        return stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    }

    /// RFC 3004 §4 user classes; a value that is not a well-formed RFC 3004 list (iPXE sends bare `iPXE`) is one class.
    public var userClasses: [String] {
        guard let bytes = self[.userClass], !bytes.isEmpty else { return [] }
        var classes: [String] = []
        var index = 0
        while index < bytes.count {
            let length = Int(bytes[index])
            guard length > 0, index + 1 + length <= bytes.count else {
                return [String(decoding: bytes, as: UTF8.self)]
            }
            classes.append(String(decoding: bytes[(index + 1)..<(index + 1 + length)], as: UTF8.self))
            index += 1 + length
        }
        return classes
    }

    /// RFC 2132 §9.8: the option codes the client asked for.
    public var parameterRequestList: [DHCPOptionCode] {
        (self[.parameterRequestList] ?? []).map(DHCPOptionCode.init(rawValue:))
    }
}
