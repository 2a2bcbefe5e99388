import NBDWire
import Testing
@testable import NBDClient

struct NBDOptionReplyTests {
    @Test func needsTheWholeReplyAndLeavesTheReaderWhereItWasUntilThen() throws {
        let bytes = ServerBytes.error(6, "gone")
        for count in 0..<bytes.count {
            var reader = NBDByteReader(Array(bytes.prefix(count)))
            #expect(try NBDReceivedOptionReply.read(from: &reader) == nil)
            #expect(reader.index == 0)
        }
        var reader = NBDByteReader(bytes + [0xaa])
        let reply = try #require(try NBDReceivedOptionReply.read(from: &reader))
        #expect(reply == NBDReceivedOptionReply(option: .go, type: .errorUnknown, payload: Array("gone".utf8)))
        #expect(reader.remaining == 1)
    }

    @Test func theMessageIsPrintableAndShort() {
        let payload: [UInt8] = [0x41, 0x0a, 0xff] + [UInt8](repeating: 0x42, count: 300)
        let reply = NBDReceivedOptionReply(option: .go, type: .errorPolicy, payload: payload)
        #expect(reply.message.hasPrefix("A??B"))
        #expect(reply.message.count == 200)
    }

    @Test func replyTypesHaveTheirProtocolNames() {
        #expect("\(NBDOptionReplyType.errorUnknown)" == "NBD_REP_ERR_UNKNOWN")
        #expect("\(NBDOptionReplyType(rawValue: 1 << 31 | 8))" == "NBD_REP_ERR_BLOCK_SIZE_REQD")
        #expect("\(NBDOptionReplyType(rawValue: 42))" == "reply type 42")
    }
}
