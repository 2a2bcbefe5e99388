/// AoEr11 §3.1: the ATA part of a command, 12 bytes after the AoE header, and of its response.
public struct AoEATAArguments: Hashable, Sendable {
    public static let size = 12
    /// aflags: the LBA is 48 bits.
    public static let extendedFlag: UInt8 = 0x40
    /// aflags: a write (data follows the arguments).
    public static let writeFlag: UInt8 = 0x01

    public var flags: UInt8
    /// The feature register in a command, the error register in a response.
    public var errorOrFeature: UInt8
    public var sectorCount: UInt8
    /// The ATA command in a request, its status in a response.
    public var commandOrStatus: UInt8
    /// LBA bytes 0 to 5, little-endian on the wire.
    public var lba: UInt64

    public init(flags: UInt8, errorOrFeature: UInt8, sectorCount: UInt8, commandOrStatus: UInt8, lba: UInt64) {
        self.flags = flags
        self.errorOrFeature = errorOrFeature
        self.sectorCount = sectorCount
        self.commandOrStatus = commandOrStatus
        self.lba = lba
    }

    public var isExtended: Bool { flags & Self.extendedFlag != 0 }

    /// The sector the command starts at: 48 bits with the extended flag, else 28 (the low nibble of byte 3).
    public var startSector: UInt64 { isExtended ? lba & 0xffff_ffff_ffff : lba & 0x0fff_ffff }

    public func encode(into bytes: inout [UInt8]) {
        bytes += [flags, errorOrFeature, sectorCount, commandOrStatus]
        for shift in stride(from: 0, through: 40, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: lba >> UInt64(shift)))
        }
        bytes += [0, 0]
    }

    public init?(decoding bytes: some RandomAccessCollection<UInt8>) {
        guard bytes.count >= Self.size else { return nil }
        let b = Array(bytes.prefix(Self.size))
        flags = b[0]
        errorOrFeature = b[1]
        sectorCount = b[2]
        commandOrStatus = b[3]
        lba = (0..<6).reduce(0) { $0 | UInt64(b[4 + $1]) << UInt64(8 * $1) }
    }
}
