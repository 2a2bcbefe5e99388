extension Array: NBDByteSink where Element == UInt8 {
    /// Appends `value` big-endian, the byte order of every NBD integer (proto.md "Conventions").
    @inlinable
    public mutating func appendBigEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        Swift.withUnsafeBytes(of: value.bigEndian) { self.append(contentsOf: $0) }
    }
}
