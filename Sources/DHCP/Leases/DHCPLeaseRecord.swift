import NetworkValues

/// One line of the lease journal: `CRC32 STATE ADDRESS MAC CLIENT-ID EXPIRY`, e.g.
/// `1c291ca3 bound 192.168.67.20 52:54:00:12:34:56 - 1700000000`.
///
/// The CRC-32 covers the rest of the line; a line that fails it, or has no final newline, is a torn write and is
/// ignored on recovery. `CLIENT-ID` is hex or `-`; `EXPIRY` is Unix seconds or `inf`.
enum DHCPLeaseRecord {
    static func encode(_ lease: DHCPLease) -> [UInt8] {
        let clientID = lease.clientIdentifier.map(hex) ?? "-"
        let expiry = lease.expiry.map(String.init) ?? "inf"
        let body = Array("\(lease.state.rawValue) \(lease.address) \(lease.hardwareAddress) \(clientID) \(expiry)".utf8)
        return Array(hex32(CRC32.checksum(body)).utf8) + [UInt8(ascii: " ")] + body + [UInt8(ascii: "\n")]
    }

    /// `line` without its newline; `nil` when it is damaged.
    static func decode(_ line: ArraySlice<UInt8>) -> DHCPLease? {
        guard line.count > 9, line[line.startIndex + 8] == UInt8(ascii: " "),
            let crc = UInt32(String(decoding: line.prefix(8), as: UTF8.self), radix: 16)
        else { return nil }
        let body = line.dropFirst(9)
        guard CRC32.checksum(body) == crc else { return nil }
        let fields = body.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count == 5, let state = DHCPLease.State(rawValue: fields[0]),
            let address = IPv4Address(fields[1]), let mac = DHCPHardwareAddress(fields[2])
        else { return nil }
        var clientID: [UInt8]?
        if fields[3] != "-" {
            guard let bytes = unhex(fields[3]) else { return nil }
            clientID = bytes
        }
        var expiry: UInt64?
        if fields[4] != "inf" {
            guard let value = UInt64(fields[4]) else { return nil }
            expiry = value
        }
        return DHCPLease(
            address: address, hardwareAddress: mac, clientIdentifier: clientID, expiry: expiry, state: state)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    private static func hex32(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }

    private static func unhex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0, !digits.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}
