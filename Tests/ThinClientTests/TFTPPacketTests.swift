import TFTPWire
import Testing
import ThinClient

/// The thin client's packets (`TFTPWire`'s codec with `[UInt8]` payloads), literal bytes both ways.
struct TFTPPacketTests {
    static let cases: [(TFTPClientPacket, [UInt8])] = [
        (
            .readRequest(
                TFTPRequest(
                    fileName: "KIWI/lts.conf", mode: .octet, options: [TFTPOption(name: "blksize", value: "1468")])),
            [0, 1] + Array("KIWI/lts.conf".utf8) + [0] + Array("octet".utf8) + [0] + Array("blksize".utf8) + [0]
                + Array("1468".utf8) + [0]
        ),
        (.readRequest(TFTPRequest(fileName: "a", mode: .octet)), [0, 1, 0x61, 0, 0x6f, 0x63, 0x74, 0x65, 0x74, 0]),
        (.data(block: 0x0102, payload: [9, 8, 7]), [0, 3, 1, 2, 9, 8, 7]),
        (.data(block: 7, payload: []), [0, 3, 0, 7]),
        (.acknowledgement(block: 0xfffe), [0, 4, 0xff, 0xfe]),
        (.error(code: .fileNotFound, message: "File not found"), [0, 5, 0, 1] + Array("File not found".utf8) + [0]),
        (
            .optionAcknowledgement(options: [TFTPOption(name: "blksize", value: "512")]),
            [0, 6] + Array("blksize".utf8) + [0, 0x35, 0x31, 0x32, 0]
        ),
    ]

    @Test(arguments: cases)
    func encodesAndDecodes(packet: TFTPClientPacket, bytes: [UInt8]) throws {
        #expect(packet.bytes == bytes)
        #expect(try TFTPClientPacket(decoding: bytes) == packet)
    }

    /// A request cut anywhere throws, except right after the mode, where it is a whole request without options.
    @Test func everyTruncationOfARequest() throws {
        let bytes = Self.cases[0].1
        let withoutOptions = 2 + "KIWI/lts.conf".utf8.count + 1 + "octet".utf8.count + 1
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            if length == withoutOptions {
                #expect(
                    try TFTPClientPacket(decoding: prefix)
                        == .readRequest(TFTPRequest(fileName: "KIWI/lts.conf", mode: .octet)))
            } else {
                #expect(throws: TFTPWireError.self, "length \(length)") { try TFTPClientPacket(decoding: prefix) }
            }
        }
    }

    @Test(arguments: [
        ([UInt8](), TFTPWireError.truncated(field: "opcode")),
        ([0], .truncated(field: "opcode")),
        ([0, 3, 1], .truncated(field: "block number")),
        ([0, 4], .truncated(field: "block number")),
        ([0, 9, 0, 0], .malformed(reason: "unknown opcode 9")),
        ([0, 6, 0x61, 0], .truncated(field: "value of option a")),
        ([0, 6, 0x61], .truncated(field: "option name")),
        ([0, 6], .truncated(field: "options")),
        ([0, 6, 0, 0x31, 0], .malformed(reason: "empty option name")),
        ([0, 6, 0x61, 0, 0xff, 0], .malformed(reason: "value of option a is not valid UTF-8")),
    ])
    func malformed(bytes: [UInt8], error: TFTPWireError) {
        #expect(throws: error) { try TFTPClientPacket(decoding: bytes) }
    }

    /// Some servers leave out the NUL after an error message, or send it in another encoding than UTF-8: the message
    /// is only for people, so the error is still taken.
    @Test func errorMessageWithoutItsNULOrInLatin1IsTaken() throws {
        #expect(
            try TFTPClientPacket(decoding: [0, 5, 0, 2, 0x6e, 0x6f]) == .error(code: .accessViolation, message: "no"))
        #expect(
            try TFTPClientPacket(decoding: [0, 5, 0, 1, 0x6e, 0xe9, 0])
                == .error(code: .fileNotFound, message: "n\u{FFFD}"))
    }

    /// Option names are case-insensitive (RFC 2347) and kept lowercased; the client compares them as such.
    @Test func optionNamesAreLowercased() throws {
        let packet = try TFTPClientPacket(decoding: [0, 6] + Array("BlkSize".utf8) + [0, 0x39, 0])
        #expect(packet == .optionAcknowledgement(options: [TFTPOption(name: "blksize", value: "9")]))
    }
}
