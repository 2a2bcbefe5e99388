import NBD
import NBDWire
import NIOCore
import Testing

@Suite struct ByteBufferNBDTests {
    private func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    private func encode(_ message: NBDHandshakeMessage) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeNBDHandshakeMessage(message)
        return Array(buffer.readableBytesView)
    }

    private let ihaveopt: [UInt8] = [0x49, 0x48, 0x41, 0x56, 0x45, 0x4F, 0x50, 0x54]
    private let replyMagic: [UInt8] = [0x00, 0x03, 0xe8, 0x89, 0x04, 0x55, 0x65, 0xa9]

    @Test func greetingIsNBDMAGICThenIHAVEOPTThenFlags() {
        #expect(
            self.encode(.greeting([.fixedNewstyle, .noZeroes]))
                == Array("NBDMAGIC".utf8) + Array("IHAVEOPT".utf8) + [0x00, 0x03])
    }

    @Test func clientFlagsNeedFourBytes() {
        var partial = self.buffer([0, 0, 0])
        #expect(partial.readNBDClientFlags() == nil)
        var whole = self.buffer([0, 0, 0, 3])
        #expect(whole.readNBDClientFlags() == [.fixedNewstyle, .noZeroes])
    }

    @Test func exportNameOptionCarriesTheName() throws {
        var bytes = self.buffer(self.ihaveopt + [0, 0, 0, 1, 0, 0, 0, 5] + Array("amd64".utf8))
        #expect(try bytes.readNBDOption() == .exportName("amd64"))
        #expect(bytes.readableBytes == 0)
    }

    @Test func goOptionCarriesNameAndInformationRequests() throws {
        let data: [UInt8] = [0, 0, 0, 4] + Array("swap".utf8) + [0, 2, 0, 1, 0, 3]
        var bytes = self.buffer(self.ihaveopt + [0, 0, 0, 7, 0, 0, 0, UInt8(data.count)] + data)
        let expected = NBDExportQuery(name: "swap", requestedInformation: [.name, .blockSize])
        #expect(try bytes.readNBDOption() == .go(expected))
    }

    @Test(
        arguments: [
            // name length beyond the data
            [0, 0, 0, 9, 0x61, 0, 0],
            // information count that does not match the rest
            [0, 0, 0, 1, 0x61, 0, 2, 0, 1],
            // too short for the count
            [0, 0, 0, 0, 0],
        ] as [[UInt8]])
    func malformedInfoDataIsReportedNotThrown(data: [UInt8]) throws {
        var bytes = self.buffer(self.ihaveopt + [0, 0, 0, 6, 0, 0, 0, UInt8(data.count)] + data)
        #expect(try bytes.readNBDOption() == .malformed(.info))
    }

    @Test(arguments: [
        (UInt32(2), NBDOption.abort), (3, .list(dataLength: 0)), (8, .unsupported(.structuredReply)),
        (5, .unsupported(.startTLS)), (0x1234, .unsupported(NBDOptionCode(rawValue: 0x1234))),
    ])
    func optionsWithoutData(code: UInt32, expected: NBDOption) throws {
        var bytes = ByteBuffer()
        bytes.writeNBDOption(NBDOptionCode(rawValue: code))
        #expect(try bytes.readNBDOption() == expected)
    }

    @Test func everyPrefixOfAnOptionNeedsMoreBytes() throws {
        let whole = self.ihaveopt + [0, 0, 0, 1, 0, 0, 0, 3] + Array("abc".utf8)
        for length in 0..<whole.count {
            var prefix = self.buffer(Array(whole[..<length]))
            #expect(try prefix.readNBDOption() == nil)
            #expect(prefix.readerIndex == 0)
        }
    }

    @Test func optionWithWrongMagicThrows() {
        var bytes = self.buffer(Array("IHAVEOPX".utf8) + [0, 0, 0, 3, 0, 0, 0, 0])
        #expect(throws: NBDError.self) { try bytes.readNBDOption() }
    }

    @Test func optionWithHugeDataThrows() {
        var bytes = self.buffer(self.ihaveopt + [0, 0, 0, 1, 0x10, 0, 0, 0])
        #expect(throws: NBDError.self) { try bytes.readNBDOption() }
    }

    @Test func optionRepliesOnTheWire() {
        #expect(self.encode(.optionReply(.ack(.list))) == self.replyMagic + [0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(
            self.encode(
                .optionReply(
                    NBDOptionReply(
                        option: .list, type: .server,
                        payload: .server(name: "a", details: "b"))))
                == self.replyMagic + [0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 6, 0, 0, 0, 1, 0x61, 0x62])
        let export = NBDInfo.export(size: 0x1_0000, flags: [.hasFlags, .readOnly])
        #expect(
            self.encode(.optionReply(NBDOptionReply(option: .go, type: .info, payload: .info(export))))
                == self.replyMagic + [0, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 3])
        #expect(
            self.encode(
                .optionReply(
                    NBDOptionReply(
                        option: .info, type: .info,
                        payload: .info(
                            .blockSize(
                                minimum: 1, preferred: 4096,
                                maximum: 1 << 25)))))
                == self.replyMagic + [0, 0, 0, 6, 0, 0, 0, 3, 0, 0, 0, 14, 0, 3, 0, 0, 0, 1, 0, 0, 0x10, 0, 2, 0, 0, 0])
        #expect(
            self.encode(.optionReply(.error(.errorUnsupported, .structuredReply, "no")))
                == self.replyMagic + [0, 0, 0, 8, 0x80, 0, 0, 1, 0, 0, 0, 2, 0x6e, 0x6f])
        #expect(
            self.encode(.optionReply(NBDOptionReply(option: .info, type: .info, payload: .info(.name("x")))))
                == self.replyMagic + [0, 0, 0, 6, 0, 0, 0, 3, 0, 0, 0, 3, 0, 1, 0x78])
    }

    @Test func exportNameReplyHasZeroesUnlessNoZeroes() {
        let head: [UInt8] = [0, 0, 0, 0, 0, 0, 0x10, 0, 0x01, 0x03]
        #expect(
            self.encode(.exportNameReply(size: 4096, flags: [.hasFlags, .readOnly, .canMultiConn], zeroes: false))
                == head)
        #expect(
            self.encode(.exportNameReply(size: 4096, flags: [.hasFlags, .readOnly, .canMultiConn], zeroes: true))
                == head + [UInt8](repeating: 0, count: 124))
    }

    @Test func requestHeaderRoundTrips() throws {
        let bytes: [UInt8] = [
            0x25, 0x60, 0x95, 0x13, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7,
            0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0x10, 0,
        ]
        var buffer = self.buffer(bytes)
        let request = try #require(try buffer.readNBDRequest())
        #expect(request == NBDRequest(flags: .fua, command: .write, handle: 7, offset: 512, length: 4096))
        var written = ByteBuffer()
        written.writeNBDRequest(request)
        #expect(Array(written.readableBytesView) == bytes)
    }

    @Test func partialRequestNeedsMoreBytesAndBadMagicThrows() throws {
        var partial = self.buffer([0x25, 0x60, 0x95, 0x13, 0, 0])
        #expect(try partial.readNBDRequest() == nil)
        var bad = self.buffer([UInt8](repeating: 0xff, count: 28))
        #expect(throws: NBDError.self) { try bad.readNBDRequest() }
    }

    @Test func simpleReplyOnTheWire() {
        var buffer = ByteBuffer()
        buffer.writeNBDSimpleReply(NBDSimpleReply(error: .invalid, handle: 0x0102))
        #expect(Array(buffer.readableBytesView) == [0x67, 0x44, 0x66, 0x98, 0, 0, 0, 22, 0, 0, 0, 0, 0, 0, 1, 2])
    }
}
