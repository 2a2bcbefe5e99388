import NIOCore

/// A file being served: a size and random access to byte ranges.
///
/// The server reads one block at a time (pread-style), so memory grows with the number of transfers, never with the
/// size of a file. Reads happen on an event loop, so they should be quick (page cache, memory).
public protocol TFTPFile: Sendable {
    /// The number of bytes in the file, fixed when it was opened.
    var size: Int64 { get }

    /// Appends up to `count` bytes starting at `offset` to `buffer` and returns how many were appended; fewer than
    /// `count` only at the end of the file.
    func read(into buffer: inout ByteBuffer, offset: Int64, count: Int) throws -> Int
}

/// A file being received by a WRQ.
public protocol TFTPWritableFile: Sendable {
    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: ByteBuffer, offset: Int64) throws

    /// The transfer completed: make the file visible under its name.
    func commit() throws

    /// The transfer failed: discard what was received.
    func abort()
}
