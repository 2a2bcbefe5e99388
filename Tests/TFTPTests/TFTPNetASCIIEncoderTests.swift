import NIOCore
import Testing

@testable import TFTP

/// RFC 1350 §1 netascii: LF → CR LF, CR → CR NUL, converted while sending.
struct TFTPNetASCIIEncoderTests {
    static func expected(_ bytes: [UInt8]) -> [UInt8] {
        bytes.flatMap { byte -> [UInt8] in
            switch byte {
            case 0x0A: return [0x0D, 0x0A]
            case 0x0D: return [0x0D, 0x00]
            default: return [byte]
            }
        }
    }

    static let inputs: [[UInt8]] = [
        [],
        Array("a\nb\rc\r\n".utf8),
        Array(repeating: 0x0A, count: 20),
        Array(repeating: 0x0D, count: 21),
        (0..<1000).map { UInt8(truncatingIfNeeded: $0 % 14) },
        Array("line one\nline two\n".utf8),
    ]

    @Test(arguments: Self.inputs, [8, 9, 512])
    func blocksConcatenateToTheConvertedStream(_ input: [UInt8], _ blockSize: Int) throws {
        let file = TFTPMemoryFile(contents: ByteBuffer(bytes: input))
        let converted = Self.expected(input)
        #expect(try TFTPNetASCIIEncoder.convertedSize(of: file) == Int64(converted.count))
        var encoder = TFTPNetASCIIEncoder(file: file, windowSize: 4)
        var output: [UInt8] = []
        var block = 1
        while true {
            var buffer = ByteBuffer()
            let length = try encoder.readBlock(block, blockSize: blockSize, into: &buffer)
            #expect(length == buffer.readableBytes)
            output += buffer.readableBytesView
            if length < blockSize { break }
            block += 1
        }
        #expect(output == converted)
        #expect(block == converted.count / blockSize + 1)
    }

    @Test func resendingABlockInsideTheWindowGivesTheSameBytes() throws {
        let input = Array("ab\ncd\ref\n\n\rgh".utf8)
        var encoder = TFTPNetASCIIEncoder(file: TFTPMemoryFile(contents: ByteBuffer(bytes: input)), windowSize: 4)
        var first: [[UInt8]] = []
        for block in 1...3 {
            var buffer = ByteBuffer()
            _ = try encoder.readBlock(block, blockSize: 8, into: &buffer)
            first.append(Array(buffer.readableBytesView))
        }
        for block in 2...3 {
            var buffer = ByteBuffer()
            _ = try encoder.readBlock(block, blockSize: 8, into: &buffer)
            #expect(Array(buffer.readableBytesView) == first[block - 1])
        }
    }
}
