extension Array where Element == UInt8 {
    /// Appends `value` big-endian, the byte order of every NBD integer.
    mutating func appendBigEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        let size = MemoryLayout<Integer>.size
        for shift in stride(from: (size - 1) * 8, through: 0, by: -8) {
            self.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }
}
