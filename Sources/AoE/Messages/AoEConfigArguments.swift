/// AoEr11 §3.2: the config part of a query-config command and of its response.
public struct AoEConfigArguments: Hashable, Sendable {
    /// Without the config string.
    public static let size = 8
    /// The longest config string (§3.2).
    public static let maximumStringLength = 1024

    /// §3.2 `ccmd`: what the query asks.
    public enum Subcommand: UInt8, Sendable {
        /// Read the config string.
        case read = 0
        /// Answer only when the string equals ours.
        case test = 1
        /// Answer only when ours starts with the string.
        case prefix = 2
        /// Set the string when none is set.
        case set = 3
        /// Set the string whatever it was.
        case forceSet = 4
    }

    /// How many outstanding commands the target takes (the driver keeps that many in flight).
    public var bufferCount: UInt16
    public var firmwareVersion: UInt16
    /// The most sectors one ATA command may carry (from the MTU).
    public var sectorsPerCommand: UInt8
    /// The AoE version (high nibble of the byte) and `ccmd` (low nibble).
    public var version: UInt8
    public var subcommand: UInt8
    public var string: [UInt8]

    public init(
        bufferCount: UInt16, firmwareVersion: UInt16, sectorsPerCommand: UInt8, version: UInt8 = AoEHeader.version,
        subcommand: UInt8, string: [UInt8]
    ) {
        self.bufferCount = bufferCount
        self.firmwareVersion = firmwareVersion
        self.sectorsPerCommand = sectorsPerCommand
        self.version = version
        self.subcommand = subcommand
        self.string = string
    }

    public func encode(into bytes: inout [UInt8]) {
        bytes += [UInt8(bufferCount >> 8), UInt8(bufferCount & 0xff)]
        bytes += [UInt8(firmwareVersion >> 8), UInt8(firmwareVersion & 0xff)]
        bytes.append(sectorsPerCommand)
        bytes.append(version << 4 | subcommand & 0x0f)
        let length = min(string.count, Self.maximumStringLength)
        bytes += [UInt8(length >> 8), UInt8(length & 0xff)]
        bytes += string.prefix(length)
    }

    /// Nil when the fixed part is short, or the string is longer than §3.2 allows or than the frame.
    public init?(decoding bytes: some RandomAccessCollection<UInt8>) {
        guard bytes.count >= Self.size else { return nil }
        let b = Array(bytes)
        bufferCount = UInt16(b[0]) << 8 | UInt16(b[1])
        firmwareVersion = UInt16(b[2]) << 8 | UInt16(b[3])
        sectorsPerCommand = b[4]
        version = b[5] >> 4
        subcommand = b[5] & 0x0f
        let length = Int(b[6]) << 8 | Int(b[7])
        guard length <= Self.maximumStringLength, b.count - Self.size >= length else { return nil }
        string = Array(b[Self.size..<Self.size + length])
    }
}
