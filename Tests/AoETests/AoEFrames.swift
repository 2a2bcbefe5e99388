import AoE

/// Hand-made AoE requests (the AoE header onwards, as an AF_PACKET datagram socket hands them over).
enum AoEFrames {
    static func header(
        version: UInt8 = 1, flags: UInt8 = 0, shelf: UInt16 = 7, slot: UInt8 = 3, command: UInt8,
        tag: UInt32 = 0x1122_3344
    ) -> [UInt8] {
        [version << 4 | flags, 0, UInt8(shelf >> 8), UInt8(shelf & 0xff), slot, command]
            + [UInt8(tag >> 24), UInt8(tag >> 16 & 0xff), UInt8(tag >> 8 & 0xff), UInt8(tag & 0xff)]
    }

    static func ata(
        command: UInt8, sectors: UInt8 = 1, lba: UInt64 = 0, extended: Bool = true, write: Bool = false,
        shelf: UInt16 = 7, slot: UInt8 = 3, tag: UInt32 = 0x1122_3344
    ) -> [UInt8] {
        let flags: UInt8 = (extended ? 0x40 : 0) | (write ? 0x01 : 0)
        let lbaBytes = (0..<6).map { UInt8(truncatingIfNeeded: lba >> UInt64(8 * $0)) }
        return header(shelf: shelf, slot: slot, command: 0, tag: tag) + [flags, 0, sectors, command] + lbaBytes + [
            0, 0,
        ]
            + (write ? [UInt8](repeating: 0xaa, count: Int(sectors) * 512) : [])
    }

    static func config(
        _ subcommand: UInt8, string: [UInt8] = [], shelf: UInt16 = 0xffff, slot: UInt8 = 0xff, tag: UInt32 = 9
    ) -> [UInt8] {
        header(shelf: shelf, slot: slot, command: 1, tag: tag)
            + [0, 0, 0, 0, 0, 1 << 4 | subcommand, UInt8(string.count >> 8), UInt8(string.count & 0xff)] + string
    }
}
