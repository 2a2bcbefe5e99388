import Testing
@testable import NBDClient

struct NBDOptionReplyTests {
    @Test func needsTheWholeReplyAndLeavesTheReaderWhereItWasUntilThen() throws {
        let bytes = ServerBytes.error(6, "gone")
        for count in 0..<bytes.count {
            var reader = ByteReader(Array(bytes.prefix(count)))
            #expect(try NBDOptionReply.read(from: &reader) == nil)
            #expect(reader.index == 0)
        }
        var reader = ByteReader(bytes + [0xaa])
        let reply = try #require(try NBDOptionReply.read(from: &reader))
        #expect(reply == NBDOptionReply(option: 7, type: .errorUnknown, payload: Array("gone".utf8)))
        #expect(reader.remaining == 1)
    }

    @Test func theMessageIsPrintableAndShort() {
        let payload: [UInt8] = [0x41, 0x0a, 0xff] + [UInt8](repeating: 0x42, count: 300)
        let reply = NBDOptionReply(option: 7, type: .errorPolicy, payload: payload)
        #expect(reply.message.hasPrefix("A??B"))
        #expect(reply.message.count == 200)
    }

    @Test func replyTypesHaveTheirProtocolNames() {
        #expect("\(NBDReplyType.errorUnknown)" == "NBD_REP_ERR_UNKNOWN")
        #expect("\(NBDReplyType(rawValue: 1 << 31 | 8))" == "NBD_REP_ERR_BLOCK_SIZE_REQD")
        #expect("\(NBDReplyType(rawValue: 42))" == "reply type 42")
    }
}
