import NIOCore
import TFTPWire

/// Reads the payload of DATA block `n` in the transfer mode of the request.
enum TFTPBlockReader {
    /// RFC 1350 §1 "octet": raw bytes, block `n` starts at `(n - 1) * blockSize`.
    case octet(any TFTPFile)
    /// RFC 1350 §1 "netascii", converted while sending.
    case netascii(TFTPNetASCIIEncoder)

    init(file: any TFTPFile, mode: TFTPTransferMode, windowSize: Int) {
        switch mode {
        case .netascii:
            self = .netascii(TFTPNetASCIIEncoder(file: file, windowSize: windowSize))
        case .octet, .mail:
            self = .octet(file)
        }
    }

    /// Appends block `block` (1-based) to `buffer` and returns its length.
    mutating func readBlock(_ block: Int, blockSize: Int, into buffer: inout ByteBuffer) throws -> Int {
        switch self {
        case .octet(let file):
            return try file.read(into: &buffer, offset: Int64(block - 1) * Int64(blockSize), count: blockSize)
        case .netascii(var encoder):
            self = .octet(encoder.file)  // keep the encoder uniquely referenced while it mutates
            defer { self = .netascii(encoder) }
            return try encoder.readBlock(block, blockSize: blockSize, into: &buffer)
        }
    }
}
