import NBDWire
import NIOCore

/// One connection's open export. Used from the connection's event loop, except ``persist()``, which may block and
/// runs on a thread pool; the connection does not call ``close()`` while a ``persist()`` is running.
public protocol NBDBlockDevice: AnyObject, Sendable {
    /// The size at open time.
    var size: UInt64 { get }
    /// Transmission flags: read-only exports add `NBD_FLAG_READ_ONLY` and `NBD_FLAG_CAN_MULTI_CONN`, writable ones
    /// the flags of the write commands they accept.
    var flags: NBDTransmissionFlags { get }
    /// The bytes of a validated range, preferably as a `FileRegion` so they go out with `sendfile(2)`.
    func read(offset: UInt64, length: UInt32) throws -> IOData
    func write(_ data: ByteBuffer, at offset: UInt64) throws
    /// Makes the range read back as zeroes, as a hole when `mayPunchHole`.
    func writeZeroes(offset: UInt64, length: UInt32, mayPunchHole: Bool) throws
    /// A hint that the range is no longer needed.
    func trim(offset: UInt64, length: UInt32) throws
    /// Makes every completed write durable (`fdatasync(2)`).
    func persist() throws
    func close()
}
