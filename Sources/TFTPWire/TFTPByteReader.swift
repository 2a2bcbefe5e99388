/// Reads a datagram's fields front to back: big-endian integers and NUL-terminated UTF-8 strings.
@usableFromInline
struct TFTPByteReader<Bytes: Collection<UInt8>> where Bytes.SubSequence == Bytes {
    @usableFromInline
    var bytes: Bytes

    @inlinable
    init(_ bytes: Bytes) { self.bytes = bytes }

    @inlinable
    var isAtEnd: Bool { bytes.isEmpty }

    @inlinable
    mutating func uint16(field: String) throws(TFTPWireError) -> UInt16 {
        var iterator = bytes.makeIterator()
        guard let high = iterator.next(), let low = iterator.next() else { throw .truncated(field: field) }
        bytes = bytes.dropFirst(2)
        return UInt16(high) << 8 | UInt16(low)
    }

    /// A missing NUL is a truncation, invalid UTF-8 a malformation.
    @inlinable
    mutating func string(field: String) throws(TFTPWireError) -> String {
        guard let end = bytes.firstIndex(of: 0) else { throw .truncated(field: field) }
        let text = String(validating: bytes[..<end], as: UTF8.self)
        bytes = bytes[bytes.index(after: end)...]
        guard let text else { throw .malformed(reason: "\(field) is not valid UTF-8") }
        return text
    }

    @inlinable
    mutating func rest() -> Bytes {
        defer { bytes = bytes[bytes.endIndex...] }
        return bytes
    }
}
