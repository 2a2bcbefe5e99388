import DHCP
import NIOCore
import NetworkValues
import Testing

@Suite struct DHCPMessageTests {
    /// A DHCPDISCOVER from 52:54:00:12:34:56 with options 53, 60 and 93, written out field by field.
    static let discoverBytes: [UInt8] =
        hexBytes("01 01 06 00  12 34 56 78  00 04 80 00") + zeros(16)
        + hexBytes("52 54 00 12 34 56") + zeros(10) + zeros(64) + zeros(128)
        + hexBytes("63 82 53 63  35 01 01  3c 09") + Array("PXEClient".utf8) + hexBytes("5d 02 00 07  ff")

    static let discover: DHCPMessage = {
        var message = DHCPMessage(
            operation: .bootRequest, transactionID: 0x1234_5678, seconds: 4, flags: 0x8000,
            clientHardwareAddress: DHCPHardwareAddress([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]))
        message.options.messageType = .discover
        message.options.setText(.vendorClass, "PXEClient")
        message.options[.clientArchitecture] = [0, 7]
        return message
    }()

    @Test func decodesLiteralDiscover() throws {
        var buffer = ByteBuffer(bytes: Self.discoverBytes)
        let message = try buffer.readDHCPMessage()
        #expect(message == Self.discover)
        #expect(message.wantsBroadcast)
        #expect(message.options.clientArchitectures == [7])
        #expect(message.clientHardwareAddress.description == "52:54:00:12:34:56")
    }

    @Test func encodesToLiteralBytesPaddedTo300() {
        var buffer = ByteBuffer()
        buffer.writeDHCPMessage(Self.discover)
        let bytes = Array(buffer.readableBytesView)
        #expect(bytes.count == 300)
        #expect(Array(bytes.prefix(Self.discoverBytes.count)) == Self.discoverBytes)
        #expect(bytes.dropFirst(Self.discoverBytes.count).allSatisfy { $0 == 0 })
    }

    @Test func everyTruncationThrows() {
        for length in 0..<Self.discoverBytes.count {
            var buffer = ByteBuffer(bytes: Self.discoverBytes.prefix(length))
            #expect(throws: DHCPError.self, "length \(length)") { try buffer.readDHCPMessage() }
        }
    }

    @Test(arguments: [
        (0, UInt8(3), "op 3"),
        (2, UInt8(17), "hlen 17"),
        (236, UInt8(0), "no magic cookie"),
    ])
    func malformedFieldsThrow(offset: Int, value: UInt8, label: String) {
        var bytes = Self.discoverBytes
        bytes[offset] = value
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: DHCPError.self, "\(label)") { try buffer.readDHCPMessage() }
    }

    /// RFC 2132 §9.3: option 52 = 3 moves options into `file` then `sname`.
    @Test func readsOverloadedFileAndSname() throws {
        let sname = hexBytes("0c 04") + Array("host".utf8) + [255] + zeros(57)
        let file = hexBytes("43 08") + Array("ipxe.efi".utf8) + [255] + zeros(117)
        let bytes =
            hexBytes("02 01 06 00  00 00 00 01  00 00 00 00") + zeros(16)
            + hexBytes("52 54 00 00 00 01") + zeros(10) + sname + file
            + hexBytes("63 82 53 63  35 01 05  34 01 03  ff")
        var buffer = ByteBuffer(bytes: bytes)
        let message = try buffer.readDHCPMessage()
        #expect(message.options.text(.bootFileName) == "ipxe.efi")
        #expect(message.options.text(.hostName) == "host")
        #expect(message.options[.overload] == nil)
        #expect(message.bootFileName.isEmpty && message.serverName.isEmpty)
        #expect(message.messageType == .ack)
    }

    @Test func overloadWithBadValueThrows() {
        let bytes =
            hexBytes("01 01 06 00  00 00 00 01  00 00 00 00") + zeros(16) + zeros(16) + zeros(192)
            + hexBytes("63 82 53 63  34 01 07  ff")
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: DHCPError.self) { try buffer.readDHCPMessage() }
    }

    /// RFC 3396 §5: a repeated option is one value; a long value is split on encoding.
    @Test func concatenatesAndSplitsLongOptions() throws {
        var message = Self.discover
        message.options[.vendorSpecific] = (0..<300).map { UInt8($0 % 251) }
        var buffer = ByteBuffer()
        buffer.writeDHCPMessage(message)
        let bytes = Array(buffer.readableBytesView)
        #expect(bytes.count == Self.discoverBytes.count + 2 + 255 + 2 + 45)
        let decoded = try buffer.readDHCPMessage()
        #expect(decoded.options[.vendorSpecific] == message.options[.vendorSpecific])
    }

    @Test func sfixedFieldsRoundTrip() throws {
        var message = Self.discover
        message.operation = .bootReply
        message.bootFileName = Array("lpxelinux.0".utf8)
        message.serverAddress = IPv4Address(0xC0A8_4301)
        message.relayAddress = IPv4Address(0xC0A8_4302)
        var buffer = ByteBuffer()
        buffer.writeDHCPMessage(message)
        #expect(try buffer.readDHCPMessage() == message)
    }

    /// Damaged messages are refused or decoded, never a crash; what decodes writes out and reads back the same.
    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        var decodedCount = 0
        for _ in 0..<2000 {
            var bytes = Self.discoverBytes
            for _ in 0..<4 { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = .random(in: 0...255) }
            bytes = Array(bytes.prefix(Int.random(in: 200...bytes.count)))
            var buffer = ByteBuffer(bytes: bytes)
            guard let message = try? buffer.readDHCPMessage() else { continue }
            decodedCount += 1
            var again = ByteBuffer()
            again.writeDHCPMessage(message)
            let reread = try? again.readDHCPMessage()
            #expect(reread == message, "\(bytes)")
        }
        #expect(decodedCount > 0, "no damaged message decoded: the damage is not what this test means")
    }

    @Test(arguments: [
        ("udhcpc-discover.hex", "PXEClient:Arch:00000:UNDI:002001"),
        ("ipxe-bios-discover.hex", "PXEClient:Arch:00000:UNDI:002001"),
    ])
    func decodesCapturedClientPackets(fixture: String, vendorClass: String) throws {
        let bytes = try fixtureBytes(fixture)
        var buffer = ByteBuffer(bytes: bytes)
        let message = try buffer.readDHCPMessage()
        #expect(message.messageType == .discover)
        #expect(message.options.vendorClass == vendorClass)
        var again = ByteBuffer()
        again.writeDHCPMessage(message)
        #expect(try again.readDHCPMessage() == message)
    }
}
