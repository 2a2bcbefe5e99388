/// Reads big-endian integers (proto.md: "all integers are big-endian") from bytes already received. Every read checks
/// the length first and returns `nil` when the bytes run out, so nothing read from the network can trap.
public struct ByteReader {
    public let bytes: [UInt8]
    public private(set) var index: Int

    public init(_ bytes: [UInt8], index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    public var remaining: Int { self.bytes.count - self.index }

    public mutating func read<Integer: FixedWidthInteger & UnsignedInteger>(_: Integer.Type) -> Integer? {
        let size = MemoryLayout<Integer>.size
        guard self.remaining >= size else { return nil }
        var value: Integer = 0
        for byte in self.bytes[self.index..<self.index + size] { value = value << 8 | Integer(byte) }
        self.index += size
        return value
    }

    public mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, self.remaining >= count else { return nil }
        defer { self.index += count }
        return Array(self.bytes[self.index..<self.index + count])
    }
}
