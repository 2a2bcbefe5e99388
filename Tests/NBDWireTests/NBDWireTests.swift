import NBDWire
import Testing

/// NBDWire's codec against bytes written out by hand from proto.md, both ways.
struct NBDWireTests {
    /// `NBD_CMD_WRITE` with `NBD_CMD_FLAG_FUA`, handle 7, offset 512, length 4096.
    static let writeRequest: [UInt8] = [
        0x25, 0x60, 0x95, 0x13, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x10, 0x00,
    ]

    func encoded(_ encode: (inout [UInt8]) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(&bytes)
        return bytes
    }

    @Test func requestHeaderRoundTrips() throws {
        let request = NBDRequest(flags: .fua, command: .write, handle: 7, offset: 512, length: 4096)
        #expect(self.encoded(request.encode(into:)) == Self.writeRequest)
        var reader = NBDByteReader(Self.writeRequest + [0xaa])
        #expect(try NBDRequest.read(from: &reader) == request)
        #expect(reader.index == NBDRequest.headerSize)
    }

    @Test func everyPrefixOfARequestNeedsMoreBytesAndLeavesTheReaderWhereItWas() throws {
        for count in 0..<NBDRequest.headerSize {
            var reader = NBDByteReader(Array(Self.writeRequest.prefix(count)))
            #expect(try NBDRequest.read(from: &reader) == nil)
            #expect(reader.index == 0)
        }
    }

    @Test func aRequestWithAnotherMagicIsAnError() {
        var reader = NBDByteReader([UInt8](repeating: 0xff, count: 28))
        #expect(throws: NBDWireError.badMagic(expected: 0x2560_9513, found: 0xffff_ffff)) {
            try NBDRequest.read(from: &reader)
        }
        #expect(
            NBDWireError.badMagic(expected: 0x2560_9513, found: 0xffff_ffff).description
                == "request magic is 0xffffffff, not 0x25609513")
    }

    @Test func simpleReplyRoundTrips() throws {
        let bytes: [UInt8] = [0x67, 0x44, 0x66, 0x98, 0, 0, 0, 22, 0, 0, 0, 0, 0, 0, 1, 2]
        let reply = NBDSimpleReply(error: .invalid, handle: 0x0102)
        #expect(self.encoded(reply.encode(into:)) == bytes)
        var reader = NBDByteReader(bytes)
        #expect(try NBDSimpleReply.read(from: &reader) == reply)
    }

    @Test func optionReplyHeaderRoundTrips() throws {
        // NBD_REP_ERR_UNKNOWN to NBD_OPT_GO, 4 bytes of data to follow.
        let bytes: [UInt8] = [
            0x00, 0x03, 0xe8, 0x89, 0x04, 0x55, 0x65, 0xa9, 0x00, 0x00, 0x00, 0x07, 0x80, 0x00, 0x00, 0x06,
            0x00, 0x00, 0x00, 0x04,
        ]
        let header = NBDOptionReplyHeader(option: .go, type: .errorUnknown, length: 4)
        #expect(self.encoded(header.encode(into:)) == bytes)
        var reader = NBDByteReader(bytes)
        #expect(try NBDOptionReplyHeader.read(from: &reader) == header)
        #expect(
            self.encoded(NBDOptionReply.error(.errorUnknown, .go, "gone").encode(into:)) == bytes + Array("gone".utf8))
    }

    @Test func infoExportPayloadRoundTrips() throws {
        // NBD_INFO_EXPORT: 64 MiB, HAS_FLAGS | READ_ONLY | CAN_MULTI_CONN.
        let payload: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x03]
        let info = NBDInfo.export(size: 64 << 20, flags: [.hasFlags, .readOnly, .canMultiConn])
        #expect(self.encoded(info.encode(into:)) == payload)
        #expect(try NBDInfo.decode(payload) == info)
    }

    @Test func truncatedInfoPayloadsAreErrors() {
        #expect(throws: NBDWireError.badLength("NBD_INFO_EXPORT", length: 5, expected: 12)) {
            try NBDInfo.decode([0, 0, 1, 2, 3] as [UInt8])
        }
        #expect(throws: NBDWireError.badLength("NBD_REP_INFO", length: 1, expected: nil)) {
            try NBDInfo.decode([7] as [UInt8])
        }
        #expect(
            NBDWireError.badLength("NBD_INFO_BLOCK_SIZE", length: 6, expected: 14).description
                == "an NBD_INFO_BLOCK_SIZE of 6 bytes, not 14")
    }

    @Test func unknownInfoTypesAreSkipped() throws {
        #expect(try NBDInfo.decode([0, 99, 1, 2, 3] as [UInt8]) == nil)
    }

    @Test func greetingMagicIsCheckedAsSoonAsItIsIn() throws {
        var http = NBDByteReader(Array("HTTP/1.1".utf8))
        #expect(throws: NBDWireError.self) { try NBDGreeting.read(from: &http) }
        let greeting = Array("NBDMAGIC".utf8) + Array("IHAVEOPT".utf8) + [0x00, 0x03]
        #expect(self.encoded(NBDGreeting(flags: [.fixedNewstyle, .noZeroes]).encode(into:)) == greeting)
        var partial = NBDByteReader(Array(greeting.prefix(17)))
        #expect(try NBDGreeting.read(from: &partial) == nil)
        var whole = NBDByteReader(greeting)
        #expect(try NBDGreeting.read(from: &whole) == NBDGreeting(flags: [.fixedNewstyle, .noZeroes]))
    }

    /// The server reads straight from its buffer's memory.
    @Test func goOptionDecodesFromRawMemory() throws {
        let query = NBDExportQuery(name: "swap", requestedInformation: [.name, .blockSize])
        var bytes: [UInt8] = []
        var data: [UInt8] = []
        query.encode(into: &data)
        NBDOptionHeader(code: .go, length: UInt32(data.count)).encode(into: &bytes)
        // IHAVEOPT, NBD_OPT_GO, 14 bytes of data: the name "swap", NBD_INFO_NAME and NBD_INFO_BLOCK_SIZE.
        let expected: [UInt8] =
            Array("IHAVEOPT".utf8) + [0, 0, 0, 7, 0, 0, 0, 14] + [0, 0, 0, 4] + Array("swap".utf8) + [0, 2, 0, 1, 0, 3]
        #expect(bytes + data == expected)
        let option = try (bytes + data).withUnsafeBytes { raw in
            var reader = NBDByteReader(raw)
            let header = try #require(try NBDOptionHeader.read(from: &reader))
            let data = reader.readSlice(Int(header.length))
            return NBDOption.decode(header, data: try #require(data))
        }
        #expect(option == .go(query))
    }
}
