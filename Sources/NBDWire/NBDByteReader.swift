/// Reads big-endian integers (proto.md "Conventions": all integers are big-endian) from bytes already received: an
/// array, or a buffer's readable bytes. Every read checks the length first and returns `nil` when the bytes run out,
/// so nothing read from the network can trap.
///
/// The message readers of this module take one, with the stream rule: `nil` means "need more bytes" and leaves the
/// reader where it was; bytes that are here and wrong throw ``NBDWireError``.
public struct NBDByteReader<Bytes: RandomAccessCollection<UInt8>> where Bytes.Index == Int {
    public let bytes: Bytes
    /// How many bytes have been read, counted from the start of `bytes`.
    @inlinable public var index: Int { self.offset }
    @usableFromInline var offset: Int

    @inlinable
    public init(_ bytes: Bytes, index: Int = 0) {
        self.bytes = bytes
        self.offset = index
    }

    @inlinable
    public var remaining: Int { self.bytes.count - self.index }

    @inlinable
    public mutating func read<Integer: FixedWidthInteger & UnsignedInteger>(_: Integer.Type) -> Integer? {
        let size = MemoryLayout<Integer>.size
        guard self.remaining >= size else { return nil }
        let start = self.bytes.startIndex + self.index
        var value: Integer = 0
        for byte in self.bytes[start..<start + size] { value = value << 8 | Integer(byte) }
        self.offset += size
        return value
    }

    /// The next `count` bytes, without copying them.
    @inlinable
    public mutating func readSlice(_ count: Int) -> Bytes.SubSequence? {
        guard count >= 0, self.remaining >= count else { return nil }
        let start = self.bytes.startIndex + self.index
        self.offset += count
        return self.bytes[start..<start + count]
    }

    @inlinable
    public mutating func readBytes(_ count: Int) -> [UInt8]? {
        self.readSlice(count).map { Array($0) }
    }

    /// `count` bytes of UTF-8 text (proto.md "Conventions"), invalid sequences replaced as `String(decoding:as:)` does.
    @inlinable
    public mutating func readString(_ count: Int) -> String? {
        self.readSlice(count).map { String(decoding: $0, as: UTF8.self) }
    }
}
