/// An X authority file (Xau(3)): entries of family, address, display number, auth name and data, each field a
/// big-endian 16-bit length and the bytes. ldm writes one per X server with a fresh MIT-MAGIC-COOKIE-1: the X server
/// reads it (`-auth`), and the greeter and the ssh master read it (`XAUTHORITY`) to connect.
public struct XAuthority: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// Xau's families: FamilyInternet 0, FamilyLocal 256 (address = host name), FamilyWild 65535 (any address).
        public var family: UInt16
        public var address: [UInt8]
        public var number: String
        public var name: String
        public var data: [UInt8]

        public init(family: UInt16, address: [UInt8], number: String, name: String, data: [UInt8]) {
            self.family = family
            self.address = address
            self.number = number
            self.name = name
            self.data = data
        }
    }

    public static let familyLocal: UInt16 = 256
    public static let familyWild: UInt16 = 65535
    public static let cookieName = "MIT-MAGIC-COOKIE-1"

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The cookie for display `number`, for this host (FamilyLocal: what Xlib and xauth look up for `:N`) and for
    /// any address (FamilyWild).
    public init(display number: Int, hostname: String, cookie: [UInt8]) {
        entries = [
            Entry(
                family: Self.familyLocal, address: Array(hostname.utf8), number: String(number),
                name: Self.cookieName, data: cookie),
            Entry(family: Self.familyWild, address: [], number: String(number), name: Self.cookieName, data: cookie),
        ]
    }

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        func field(_ value: [UInt8]) {
            bytes += [UInt8(value.count >> 8), UInt8(value.count & 0xff)]
            bytes += value
        }
        for entry in entries {
            bytes += [UInt8(entry.family >> 8), UInt8(entry.family & 0xff)]
            field(entry.address)
            field(Array(entry.number.utf8))
            field(Array(entry.name.utf8))
            field(entry.data)
        }
        return bytes
    }

    /// Reads a file's entries; nil when it is cut off inside an entry.
    public init?(bytes: [UInt8]) {
        var entries: [Entry] = []
        var index = 0
        func u16() -> Int? {
            guard index + 2 <= bytes.count else { return nil }
            defer { index += 2 }
            return Int(bytes[index]) << 8 | Int(bytes[index + 1])
        }
        func field() -> [UInt8]? {
            guard let length = u16(), index + length <= bytes.count else { return nil }
            defer { index += length }
            return Array(bytes[index..<index + length])
        }
        while index < bytes.count {
            guard let family = u16(), let address = field(), let number = field(), let name = field(),
                let data = field()
            else { return nil }
            entries.append(
                Entry(
                    family: UInt16(family), address: address,
                    number: String(decoding: number, as: UTF8.self),
                    name: String(decoding: name, as: UTF8.self), data: data))
        }
        self.entries = entries
    }

    /// Lower-case hex, as `xauth add` takes a cookie.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
    }
}
