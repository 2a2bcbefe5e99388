/// The 512 bytes an ATA disk answers IDENTIFY DEVICE with (ATA/ATAPI-8 §7.16), as much as the Linux aoe driver and
/// iPXE read: a fixed disk with LBA, 48-bit addressing supported and enabled, and its capacity in sectors.
public enum ATAIdentify {
    public static func page(sectors: UInt64, serial: String, model: String, firmware: String = "kiwi1") -> [UInt8] {
        var words = [UInt16](repeating: 0, count: 256)
        words[0] = 0x0040  // fixed device
        // A legacy geometry for tools that still look (16383 cylinders, 16 heads, 63 sectors).
        words[1] = 16383
        words[3] = 16
        words[6] = 63
        put(serial, 20, at: 10, into: &words)
        put(firmware, 8, at: 23, into: &words)
        put(model, 40, at: 27, into: &words)
        words[47] = 0x8000 | 1
        words[49] = 1 << 9  // LBA supported
        words[53] = 1 << 1  // words 64-70 valid
        let lba28 = UInt32(min(sectors, 0x0fff_ffff))
        words[60] = UInt16(lba28 & 0xffff)
        words[61] = UInt16(lba28 >> 16)
        words[80] = 1 << 8  // ATA8-ACS
        words[83] = 1 << 14 | 1 << 10  // 48-bit addressing supported
        words[84] = 1 << 14
        words[86] = 1 << 10  // 48-bit addressing enabled
        words[87] = 1 << 14
        for index in 0..<4 { words[100 + index] = UInt16(truncatingIfNeeded: sectors >> UInt64(16 * index)) }
        return words.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
    }

    /// ATA strings hold two characters per word, the first in the high byte, padded with spaces.
    static func put(_ text: String, _ length: Int, at word: Int, into words: inout [UInt16]) {
        let bytes = Array(text.utf8.prefix(length)) + [UInt8](repeating: 0x20, count: max(0, length - text.utf8.count))
        for index in 0..<length / 2 {
            words[word + index] = UInt16(bytes[2 * index]) << 8 | UInt16(bytes[2 * index + 1])
        }
    }
}
