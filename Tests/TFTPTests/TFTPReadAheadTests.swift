import NIOCore
import Testing

@testable import TFTP

/// Reading ahead in chunks must give exactly the bytes of block-by-block reads, in any order (retransmits go back).
struct TFTPReadAheadTests {
    static func file(size: Int) -> TFTPMemoryFile {
        TFTPMemoryFile(contents: ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }))
    }

    static func direct(_ file: TFTPMemoryFile, block: Int, blockSize: Int) throws -> [UInt8] {
        var buffer = ByteBuffer()
        _ = try file.read(into: &buffer, offset: Int64(block - 1) * Int64(blockSize), count: blockSize)
        return Array(buffer.readableBytesView)
    }

    /// Every block forward, then a few steps back and forth as retransmissions and window gaps do.
    static func readingOrder(size: Int, blockSize: Int) -> [Int] {
        let lastBlock = size / blockSize + 1
        return Array(1...lastBlock) + [1, lastBlock, max(1, lastBlock - 50), 2, lastBlock].filter { $0 <= lastBlock }
    }

    @Test(arguments: [(512, 0), (512, 1000), (1468, 1468 * 100), (1468, 1468 * 100 + 7), (65464, 200_000), (8, 70_000)])
    func blocksMatchDirectReads(_ blockSize: Int, _ size: Int) throws {
        let file = Self.file(size: size)
        var readAhead = TFTPReadAhead(reader: .octet(file), blockSize: blockSize)
        for block in Self.readingOrder(size: size, blockSize: blockSize) {
            var buffer = ByteBuffer(bytes: [0xAA, 0xBB])
            let length = try readAhead.readBlock(block, blockSize: blockSize, into: &buffer)
            let expected = try Self.direct(file, block: block, blockSize: blockSize)
            #expect(length == expected.count, "block \(block)")
            #expect(Array(buffer.readableBytesView) == [0xAA, 0xBB] + expected, "block \(block)")
        }
    }

    /// The bytes handed over in place are the same as a copied read, in the same order as above; a file not read
    /// ahead (netascii) gives nil and never calls the body.
    @Test(arguments: [(512, 0), (1468, 1468 * 100), (1468, 1468 * 100 + 7), (8, 70_000)])
    func blocksInPlaceMatchDirectReads(_ blockSize: Int, _ size: Int) throws {
        let file = Self.file(size: size)
        var readAhead = TFTPReadAhead(reader: .octet(file), blockSize: blockSize)
        for block in Self.readingOrder(size: size, blockSize: blockSize) {
            let bytes = try readAhead.withBlock(block, blockSize: blockSize) { Array($0) }
            #expect(bytes == (try Self.direct(file, block: block, blockSize: blockSize)), "block \(block)")
        }
        var netascii = TFTPReadAhead(
            reader: TFTPBlockReader(file: TFTPMemoryFile("a\nb\n"), mode: .netascii, windowSize: 1), blockSize: 512)
        var called = false
        #expect(try netascii.withBlock(1, blockSize: 512) { _ in called = true } == nil)
        #expect(!called)
    }

    @Test func netasciiGoesThroughTheEncoder() throws {
        let file = TFTPMemoryFile("a\nb\n")
        var readAhead = TFTPReadAhead(
            reader: TFTPBlockReader(file: file, mode: .netascii, windowSize: 1), blockSize: 512)
        var buffer = ByteBuffer()
        #expect(try readAhead.readBlock(1, blockSize: 512, into: &buffer) == 6)
        #expect(Array(buffer.readableBytesView) == Array("a\r\nb\r\n".utf8))
    }
}
