import NIOCore
import NetworkValues

extension ByteBuffer {
    /// Reads one whole DHCP datagram; throws on any truncation or malformed field (RFC 2131 §2, RFC 2132 §2).
    public mutating func readDHCPMessage() throws -> DHCPMessage {
        guard let op = self.readInteger(as: UInt8.self) else { throw DHCPError.truncatedMessage(field: "op") }
        guard let operation = DHCPMessage.Operation(rawValue: op) else {
            throw DHCPError.malformedMessage(reason: "op \(op) is neither BOOTREQUEST nor BOOTREPLY")
        }
        guard let htype = self.readInteger(as: UInt8.self), let hlen = self.readInteger(as: UInt8.self),
            let hops = self.readInteger(as: UInt8.self)
        else { throw DHCPError.truncatedMessage(field: "htype/hlen/hops") }
        guard hlen <= 16 else { throw DHCPError.malformedMessage(reason: "hlen \(hlen) is above 16") }
        guard let xid = self.readInteger(as: UInt32.self) else { throw DHCPError.truncatedMessage(field: "xid") }
        guard let secs = self.readInteger(as: UInt16.self), let flags = self.readInteger(as: UInt16.self) else {
            throw DHCPError.truncatedMessage(field: "secs/flags")
        }
        var addresses: [IPv4Address] = []
        for field in ["ciaddr", "yiaddr", "siaddr", "giaddr"] {
            guard let value = self.readInteger(as: UInt32.self) else { throw DHCPError.truncatedMessage(field: field) }
            addresses.append(IPv4Address(value))
        }
        guard let chaddr = self.readBytes(length: 16) else { throw DHCPError.truncatedMessage(field: "chaddr") }
        guard let sname = self.readBytes(length: 64) else { throw DHCPError.truncatedMessage(field: "sname") }
        guard let file = self.readBytes(length: 128) else { throw DHCPError.truncatedMessage(field: "file") }
        guard let cookie = self.readBytes(length: 4) else { throw DHCPError.truncatedMessage(field: "magic cookie") }
        guard cookie == DHCPMessage.magicCookie else {
            throw DHCPError.malformedMessage(reason: "no DHCP magic cookie (plain BOOTP is not served)")
        }
        var options = DHCPOptions()
        try self.readDHCPOptions(into: &options, field: "options", requireEnd: true)

        var serverName = sname
        var bootFileName = file
        // RFC 2132 §9.3: 1 = file, 2 = sname, 3 = both; `file` is read before `sname`.
        if let overload = options[.overload] {
            guard overload.count == 1, (1...3).contains(overload[0]) else {
                throw DHCPError.malformedMessage(reason: "option 52 value \(overload) is not 1, 2 or 3")
            }
            if overload[0] & 1 != 0 {
                var buffer = ByteBuffer(bytes: file)
                try buffer.readDHCPOptions(into: &options, field: "options in file", requireEnd: false)
                bootFileName = []
            }
            if overload[0] & 2 != 0 {
                var buffer = ByteBuffer(bytes: sname)
                try buffer.readDHCPOptions(into: &options, field: "options in sname", requireEnd: false)
                serverName = []
            }
            options[.overload] = nil
        }
        return DHCPMessage(
            operation: operation, hardwareType: htype, hops: hops, transactionID: xid, seconds: secs, flags: flags,
            clientAddress: addresses[0], yourAddress: addresses[1], serverAddress: addresses[2],
            relayAddress: addresses[3], clientHardwareAddress: DHCPHardwareAddress(Array(chaddr.prefix(Int(hlen)))),
            serverName: Self.trimmingNUL(serverName), bootFileName: Self.trimmingNUL(bootFileName), options: options)
    }

    /// RFC 2132 §2: code, length, value; pad (0) and end (255) have no length.
    private mutating func readDHCPOptions(into options: inout DHCPOptions, field: String, requireEnd: Bool) throws {
        while let code = self.readInteger(as: UInt8.self) {
            if code == DHCPOptionCode.pad.rawValue { continue }
            if code == DHCPOptionCode.end.rawValue { return }
            guard let length = self.readInteger(as: UInt8.self) else {
                throw DHCPError.truncatedMessage(field: "\(field): length of option \(code)")
            }
            guard let value = self.readBytes(length: Int(length)) else {
                throw DHCPError.truncatedMessage(field: "\(field): value of option \(code)")
            }
            options.append(DHCPOptionCode(code), value)
        }
        if requireEnd { throw DHCPError.truncatedMessage(field: "\(field): no end option") }
    }

    private static func trimmingNUL(_ bytes: [UInt8]) -> [UInt8] {
        guard let end = bytes.firstIndex(of: 0) else { return bytes }
        return Array(bytes[..<end])
    }

    /// Writes a DHCP datagram, at least 300 bytes long (RFC 1542 §2.1: BOOTP relays and old clients expect it).
    @discardableResult
    public mutating func writeDHCPMessage(_ message: DHCPMessage) -> Int {
        let start = self.writerIndex
        self.writeInteger(message.operation.rawValue)
        self.writeInteger(message.hardwareType)
        self.writeInteger(UInt8(min(16, message.clientHardwareAddress.bytes.count)))
        self.writeInteger(message.hops)
        self.writeInteger(message.transactionID)
        self.writeInteger(message.seconds)
        self.writeInteger(message.flags)
        for address in [message.clientAddress, message.yourAddress, message.serverAddress, message.relayAddress] {
            self.writeInteger(address.value)
        }
        self.writeFixedField(message.clientHardwareAddress.bytes, length: 16)
        self.writeFixedField(message.serverName, length: 64)
        self.writeFixedField(message.bootFileName, length: 128)
        self.writeBytes(DHCPMessage.magicCookie)
        for (code, value) in message.options.entries {
            // RFC 3396 §5: long values are split into consecutive options of the same code.
            var offset = 0
            repeat {
                let chunk = value[offset..<min(value.count, offset + 255)]
                self.writeInteger(code.rawValue)
                self.writeInteger(UInt8(chunk.count))
                self.writeBytes(chunk)
                offset += 255
            } while offset < value.count
        }
        self.writeInteger(DHCPOptionCode.end.rawValue)
        let written = self.writerIndex - start
        if written < 300 {
            self.writeRepeatingByte(0, count: 300 - written)
        }
        return self.writerIndex - start
    }

    private mutating func writeFixedField(_ bytes: [UInt8], length: Int) {
        let used = min(bytes.count, length)
        self.writeBytes(bytes.prefix(used))
        self.writeRepeatingByte(0, count: length - used)
    }
}
