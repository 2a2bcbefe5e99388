/// The locale names in glibc's `locale-archive` (`/usr/lib/locale/locale-archive`, locarchive.h): a header of
/// 32-bit words in the machine's byte order, then a name hash table of `(hash, name offset, record offset)` entries;
/// an entry in use has both offsets set, its name a NUL-terminated string at the name offset. `locale -a` lists the
/// same names. Pure: the caller reads the bytes.
public enum LocaleArchive {
    public static let path = "/usr/lib/locale/locale-archive"
    static let magic: UInt32 = 0xde02_0109
    static let headerSize = 14 * 4
    static let entrySize = 12

    public enum Failure: Error, Equatable {
        case notAnArchive
        case truncated
    }

    /// The names in the archive, in table order.
    public static func names(in bytes: [UInt8]) throws(Failure) -> [String] {
        guard bytes.count >= headerSize else { throw .truncated }
        func word(_ offset: Int) throws(Failure) -> Int {
            guard offset >= 0, offset + 4 <= bytes.count else { throw .truncated }
            let value =
                UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
            return Int(value)
        }
        guard try word(0) == Int(magic) else { throw .notAnArchive }
        let tableOffset = try word(8), tableSize = try word(16)
        var names: [String] = []
        for index in 0..<tableSize {
            let entry = tableOffset + index * entrySize
            let nameOffset = try word(entry + 4), recordOffset = try word(entry + 8)
            guard nameOffset != 0, recordOffset != 0 else { continue }
            guard nameOffset < bytes.count, let end = bytes[nameOffset...].firstIndex(of: 0) else { throw .truncated }
            names.append(String(decoding: bytes[nameOffset..<end], as: UTF8.self))
        }
        return names
    }
}
