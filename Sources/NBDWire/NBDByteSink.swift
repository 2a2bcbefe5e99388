/// Where the encoders of this module append their bytes: an array here, the server's `ByteBuffer` (in module
/// `NBD`) directly, so a reply header costs no allocation of its own.
public protocol NBDByteSink {
    /// Appends `value` big-endian, the byte order of every NBD integer (proto.md "Conventions").
    mutating func appendBigEndian<Integer: FixedWidthInteger>(_ value: Integer)
    mutating func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8
}
