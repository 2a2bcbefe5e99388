import NIOCore

/// Produces the blocks of a netascii transfer from a file, on the fly.
///
/// RFC 1350 §1 (after RFC 764): netascii sends a line end as CR LF and a bare CR as CR NUL. The converted stream is
/// longer than the file, so block `n` does not start at a fixed file offset: the encoder keeps, for each block that
/// may still be (re)sent, where in the file it starts and which byte of a split pair it begins with. Blocks older
/// than one window are forgotten, so memory stays bounded by the window size.
struct TFTPNetASCIIEncoder {
    private struct Checkpoint {
        var sourceOffset: Int64
        /// The second byte of a CR LF / CR NUL pair that did not fit into the previous block.
        var pending: UInt8?
    }

    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    let file: any TFTPFile
    let windowSize: Int
    private var checkpoints: [Int: Checkpoint] = [1: Checkpoint(sourceOffset: 0, pending: nil)]
    private var scratch = ByteBuffer()

    init(file: any TFTPFile, windowSize: Int) {
        self.file = file
        self.windowSize = max(windowSize, 1)
    }

    /// The length of the converted stream: each LF and each CR adds one byte. Reads the whole file once, in
    /// 64 KiB pieces.
    static func convertedSize(of file: any TFTPFile) throws -> Int64 {
        var chunk = ByteBuffer()
        var offset: Int64 = 0
        var extra: Int64 = 0
        while offset < file.size {
            chunk.clear()
            let got = try file.read(into: &chunk, offset: offset, count: 65536)
            guard got > 0 else { break }
            extra += Int64(
                chunk.readableBytesView.lazy.filter { $0 == Self.carriageReturn || $0 == Self.lineFeed }.count
            )
            offset += Int64(got)
        }
        return offset + extra
    }

    /// Appends netascii block `block` (1-based) of at most `blockSize` bytes to `buffer`; returns its length.
    mutating func readBlock(_ block: Int, blockSize: Int, into buffer: inout ByteBuffer) throws -> Int {
        guard let start = self.checkpoints[block] else {
            throw TFTPError.illegalOperation(reason: "netascii block \(block) is outside the current window")
        }
        var produced = 0
        var pending = start.pending
        var sourceOffset = start.sourceOffset
        if let byte = pending {
            buffer.writeInteger(byte)
            produced = 1
            pending = nil
        }
        while produced < blockSize {
            self.scratch.clear()
            let got = try self.file.read(into: &self.scratch, offset: sourceOffset, count: blockSize - produced)
            guard got > 0 else { break }
            var consumed = 0
            for byte in self.scratch.readableBytesView {
                guard produced < blockSize else { break }
                consumed += 1
                let second: UInt8?
                switch byte {
                case Self.lineFeed:
                    buffer.writeInteger(Self.carriageReturn)
                    second = Self.lineFeed
                case Self.carriageReturn:
                    buffer.writeInteger(Self.carriageReturn)
                    second = 0
                default:
                    buffer.writeInteger(byte)
                    second = nil
                }
                produced += 1
                if let second {
                    if produced < blockSize {
                        buffer.writeInteger(second)
                        produced += 1
                    } else {
                        pending = second
                    }
                }
            }
            sourceOffset += Int64(consumed)
        }
        self.checkpoints[block + 1] = Checkpoint(sourceOffset: sourceOffset, pending: pending)
        self.checkpoints.removeValue(forKey: block - self.windowSize)
        return produced
    }
}
