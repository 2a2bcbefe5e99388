import NIOCore

/// Reads an octet-mode file ahead in chunks of whole blocks, so a lock-step transfer makes one `pread` per chunk
/// (about 64 KiB) instead of one per block: a third of the syscalls of a block in lock-step.
///
/// Memory stays bounded per transfer (one chunk), whatever the file size. Netascii goes block by block through
/// ``TFTPBlockReader``, which keeps its own conversion state.
struct TFTPReadAhead {
    /// How many bytes one read asks for, rounded down to whole blocks.
    static let chunkBytes = 64 * 1024

    private var reader: TFTPBlockReader
    private var chunk: ByteBuffer
    /// The block at the start of `chunk`; 0 when the chunk holds nothing.
    private var chunkFirstBlock = 0
    private let blocksPerChunk: Int

    init(reader: TFTPBlockReader, blockSize: Int, allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        self.reader = reader
        self.blocksPerChunk = max(1, Self.chunkBytes / blockSize)
        if case .octet = reader, self.blocksPerChunk > 1 {
            self.chunk = allocator.buffer(capacity: self.blocksPerChunk * blockSize)
        } else {
            self.chunk = allocator.buffer(capacity: 0)
        }
    }

    /// Appends block `block` (1-based) to `buffer` and returns its length, as ``TFTPBlockReader/readBlock``.
    mutating func readBlock(_ block: Int, blockSize: Int, into buffer: inout ByteBuffer) throws -> Int {
        guard let range = try self.locate(block, blockSize: blockSize) else {
            return try self.reader.readBlock(block, blockSize: blockSize, into: &buffer)
        }
        guard !range.isEmpty, let bytes = self.chunk.viewBytes(at: range.lowerBound, length: range.count) else {
            return 0
        }
        return buffer.writeBytes(bytes)
    }

    /// Calls `body` with the bytes of block `block` where they lie in the chunk, without copying them; nil (and
    /// `body` not called) when the file is not read ahead (netascii, or blocks as large as a chunk).
    mutating func withBlock<Result>(
        _ block: Int, blockSize: Int, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result? {
        guard let range = try self.locate(block, blockSize: blockSize) else { return nil }
        let start = range.lowerBound - self.chunk.readerIndex
        return try self.chunk.withUnsafeReadableBytes { chunk in
            try body(UnsafeRawBufferPointer(rebasing: chunk[start..<start + range.count]))
        }
    }

    /// Where block `block` lies in the chunk (reading the chunk that holds it first), as indices of `chunk`; empty
    /// past the end of the file, nil when the file is not read ahead.
    private mutating func locate(_ block: Int, blockSize: Int) throws -> Range<Int>? {
        guard case .octet(let file) = self.reader, self.blocksPerChunk > 1 else { return nil }
        if self.chunkFirstBlock == 0 || block < self.chunkFirstBlock
            || block >= self.chunkFirstBlock + self.blocksPerChunk
        {
            self.chunk.clear()
            self.chunkFirstBlock = 0
            let offset = Int64(block - 1) * Int64(blockSize)
            _ = try file.read(into: &self.chunk, offset: offset, count: self.blocksPerChunk * blockSize)
            self.chunkFirstBlock = block
        }
        let start = (block - self.chunkFirstBlock) * blockSize
        let length = max(0, min(blockSize, self.chunk.readableBytes - start))
        let first = self.chunk.readerIndex + min(start, self.chunk.readableBytes)
        return first..<first + length
    }
}
