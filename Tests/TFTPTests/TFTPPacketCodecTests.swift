import NIOCore
import TFTPWire
import Testing

@testable import TFTP

/// Literal bytes both ways for every packet type (RFC 1350 §5, RFC 2347).
struct TFTPPacketCodecTests {
    static let cases: [(String, [UInt8], TFTPServerPacket)] = [
        (
            "RRQ octet",
            [0, 1] + Array("pxelinux.0".utf8) + [0] + Array("octet".utf8) + [0],
            .readRequest(TFTPRequest(fileName: "pxelinux.0", mode: .octet))
        ),
        (
            "RRQ netascii with options",
            [0, 1] + Array("a/b".utf8) + [0] + Array("netascii".utf8) + [0]
                + Array("blksize".utf8) + [0] + Array("1468".utf8) + [0]
                + Array("tsize".utf8) + [0] + Array("0".utf8) + [0],
            .readRequest(
                TFTPRequest(
                    fileName: "a/b",
                    mode: .netascii,
                    options: [.init(name: "blksize", value: "1468"), .init(name: "tsize", value: "0")]
                )
            )
        ),
        (
            "WRQ with windowsize",
            [0, 2] + Array("up".utf8) + [0] + Array("octet".utf8) + [0]
                + Array("windowsize".utf8) + [0] + Array("16".utf8) + [0],
            .writeRequest(
                TFTPRequest(fileName: "up", mode: .octet, options: [.init(name: "windowsize", value: "16")])
            )
        ),
        (
            "DATA", [0, 3, 0x12, 0x34, 0xDE, 0xAD],
            .data(TFTPData(block: 0x1234, payload: ByteBuffer(bytes: [0xDE, 0xAD])))
        ),
        ("DATA empty", [0, 3, 0, 7], .data(TFTPData(block: 7, payload: ByteBuffer()))),
        ("ACK", [0, 4, 0xFF, 0xFF], .acknowledgement(TFTPAcknowledgement(block: 65535))),
        (
            "ERROR",
            [0, 5, 0, 1] + Array("File not found".utf8) + [0],
            .error(TFTPErrorPacket(code: .fileNotFound, message: "File not found"))
        ),
        ("ERROR empty message", [0, 5, 0, 5, 0], .error(TFTPErrorPacket(code: .unknownTransferID, message: ""))),
        (
            "OACK",
            [0, 6] + Array("blksize".utf8) + [0] + Array("1408".utf8) + [0]
                + Array("tsize".utf8) + [0] + Array("123".utf8) + [0],
            .optionAcknowledgement(
                TFTPOptionAcknowledgement(options: [
                    .init(name: "blksize", value: "1408"), .init(name: "tsize", value: "123"),
                ])
            )
        ),
    ]

    @Test(arguments: Self.cases.indices)
    func decodesLiteralBytes(_ index: Int) throws {
        let (_, bytes, packet) = Self.cases[index]
        var buffer = ByteBuffer(bytes: bytes)
        #expect(try buffer.readTFTPPacket() == packet)
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: Self.cases.indices)
    func encodesLiteralBytes(_ index: Int) {
        let (_, bytes, packet) = Self.cases[index]
        var buffer = ByteBuffer()
        let written = buffer.writeTFTPPacket(packet)
        #expect(Array(buffer.readableBytesView) == bytes)
        #expect(written == bytes.count)
    }

    /// Every cut inside a field throws. A cut exactly at a field boundary of a packet whose last part is optional
    /// (options of a request or OACK), or anywhere in the rest of a DATA or ERROR packet (the payload; the message,
    /// which is taken without its NUL), is a different, shorter valid packet: it must never decode to the original,
    /// except an ERROR cut only by its final NUL, which is the same error.
    @Test(arguments: Self.cases.indices)
    func everyTruncationThrowsOrIsAnotherPacket(_ index: Int) {
        let (_, bytes, packet) = Self.cases[index]
        for length in 0..<bytes.count {
            var buffer = ByteBuffer(bytes: bytes[..<length])
            if let decoded = try? buffer.readTFTPPacket() {
                let onlyTheNUL = packet.opcode == .error && length == bytes.count - 1
                #expect((decoded == packet) == onlyTheNUL, "prefix of \(length) bytes decoded to \(decoded)")
                let boundary = length >= 4 && (bytes[length - 1] == 0 || [.data, .error].contains(decoded.opcode))
                #expect(boundary, "prefix of \(length) bytes decoded although it cuts a field")
            }
        }
    }

    static let truncatedOrMalformed: [(String, [UInt8])] = [
        ("empty", []),
        ("one byte", [0]),
        ("unknown opcode", [0, 9, 0, 0]),
        ("opcode zero", [0, 0]),
        ("RRQ without NUL", [0, 1] + Array("file".utf8)),
        ("RRQ without mode", [0, 1] + Array("file".utf8) + [0]),
        ("RRQ mode without NUL", [0, 1, 0x61, 0] + Array("octet".utf8)),
        ("RRQ unknown mode", [0, 1, 0x61, 0] + Array("binary".utf8) + [0]),
        ("RRQ option without value", [0, 1, 0x61, 0] + Array("octet".utf8) + [0] + Array("blksize".utf8) + [0]),
        ("RRQ invalid UTF-8", [0, 1, 0xFF, 0xFE, 0] + Array("octet".utf8) + [0]),
        ("DATA without block", [0, 3, 0]),
        ("ACK without block", [0, 4]),
        ("ACK half a block", [0, 4, 1]),
        ("ERROR without code", [0, 5, 0]),
        ("OACK value without NUL", [0, 6] + Array("tsize".utf8) + [0, 0x31]),
        ("OACK without options", [0, 6]),
        ("OACK empty option name", [0, 6, 0, 0x31, 0]),
    ]

    @Test(arguments: Self.truncatedOrMalformed.indices)
    func malformedDatagramsThrow(_ index: Int) {
        var buffer = ByteBuffer(bytes: Self.truncatedOrMalformed[index].1)
        #expect(throws: TFTPError.self) { try buffer.readTFTPPacket() }
    }

    /// An ERROR's message is only for people: one without its NUL, or not in UTF-8, still ends the transfer.
    @Test func errorMessageWithoutItsNULOrInLatin1IsTaken() throws {
        var missing = ByteBuffer(bytes: [0, 5, 0, 1, 0x41])
        #expect(try missing.readTFTPPacket() == .error(code: .fileNotFound, message: "A"))
        var empty = ByteBuffer(bytes: [0, 5, 0, 1])
        #expect(try empty.readTFTPPacket() == .error(code: .fileNotFound, message: ""))
        var latin1 = ByteBuffer(bytes: [0, 5, 0, 0, 0x6e, 0xe9, 0])
        #expect(try latin1.readTFTPPacket() == .error(code: .notDefined, message: "n\u{FFFD}"))
    }

    @Test func modeAndOptionNamesAreCaseInsensitive() throws {
        var buffer = ByteBuffer(
            bytes: [0, 1, 0x61, 0] + Array("OcTeT".utf8) + [0] + Array("BLKSIZE".utf8) + [0, 0x39, 0]
        )
        let packet = try buffer.readTFTPPacket()
        #expect(
            packet
                == .readRequest(TFTPRequest(fileName: "a", mode: .octet, options: [.init(name: "blksize", value: "9")]))
        )
    }
}
