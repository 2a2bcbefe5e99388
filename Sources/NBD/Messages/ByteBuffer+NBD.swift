import NIOCore

// The wire format of every message in proto.md, big-endian throughout. Reading follows the stream rule: `nil` means
// "need more bytes" and leaves the reader index where it was; malformed bytes throw `NBDError`.

extension ByteBuffer {
    /// The largest option data this server reads: export names are at most 4096 bytes (proto.md "Conventions"), so
    /// anything much larger is not an option we could answer and is treated as a denial of service.
    public static let nbdMaximumOptionLength = 65_536

    // MARK: Client to server

    /// proto.md "Newstyle negotiation": the client's 32 bits of flags.
    public mutating func readNBDClientFlags() -> NBDClientFlags? {
        self.readInteger(as: UInt32.self).map(NBDClientFlags.init(rawValue:))
    }

    /// proto.md "Fixed newstyle negotiation": `IHAVEOPT`, option, length, data.
    public mutating func readNBDOption() throws -> NBDOption? {
        let saved = self
        guard let magic = self.readInteger(as: UInt64.self),
            let rawCode = self.readInteger(as: UInt32.self),
            let length = self.readInteger(as: UInt32.self)
        else {
            self = saved
            return nil
        }
        guard magic == NBDMagic.option else {
            throw NBDError(.badMagic, "option magic is 0x\(String(magic, radix: 16)), not IHAVEOPT")
        }
        guard length <= Self.nbdMaximumOptionLength else {
            throw NBDError(.optionTooLarge, "option \(rawCode) carries \(length) bytes of data")
        }
        guard var data = self.readSlice(length: Int(length)) else {
            self = saved
            return nil
        }
        let code = NBDOptionCode(rawValue: rawCode)
        switch code {
        case .exportName:
            return .exportName(data.readString(length: data.readableBytes) ?? "")
        case .abort:
            return .abort
        case .list:
            return .list(dataLength: length)
        case .info, .go:
            guard let query = data.readNBDExportQuery() else { return .malformed(code) }
            return code == .go ? .go(query) : .info(query)
        default:
            return .unsupported(code)
        }
    }

    /// proto.md "`NBD_OPT_INFO` (6)": name length, name, count of information requests, the requests; `nil` when the
    /// data does not add up exactly.
    mutating func readNBDExportQuery() -> NBDExportQuery? {
        guard let nameLength = self.readInteger(as: UInt32.self),
            nameLength <= self.readableBytes,
            let name = self.readString(length: Int(nameLength)),
            let count = self.readInteger(as: UInt16.self),
            self.readableBytes == Int(count) * 2
        else { return nil }
        var types: [NBDInfoType] = []
        for _ in 0..<count {
            guard let type = self.readInteger(as: UInt16.self) else { return nil }
            types.append(NBDInfoType(rawValue: type))
        }
        return NBDExportQuery(name: name, requestedInformation: types)
    }

    /// proto.md "Request message": the 28-byte header; the `NBD_CMD_WRITE` payload is not read here.
    public mutating func readNBDRequest() throws -> NBDRequest? {
        guard self.readableBytes >= NBDRequest.headerSize else { return nil }
        guard let magic = self.readInteger(as: UInt32.self),
            let flags = self.readInteger(as: UInt16.self),
            let type = self.readInteger(as: UInt16.self),
            let handle = self.readInteger(as: UInt64.self),
            let offset = self.readInteger(as: UInt64.self),
            let length = self.readInteger(as: UInt32.self)
        else { return nil }
        guard magic == NBDMagic.request else {
            throw NBDError(.badMagic, "request magic is 0x\(String(magic, radix: 16)), not 0x25609513")
        }
        return NBDRequest(
            flags: NBDCommandFlags(rawValue: flags), command: NBDCommand(rawValue: type),
            handle: handle, offset: offset, length: length)
    }

    /// Writes an option as a client would; used by tests and by tools that talk to NBD servers.
    @discardableResult
    public mutating func writeNBDOption(_ code: NBDOptionCode, data: ByteBuffer? = nil) -> Int {
        var written = self.writeInteger(NBDMagic.option)
        written += self.writeInteger(code.rawValue)
        written += self.writeInteger(UInt32(data?.readableBytes ?? 0))
        if let data { written += self.writeImmutableBuffer(data) }
        return written
    }

    /// Writes the data of `NBD_OPT_INFO` / `NBD_OPT_GO`.
    @discardableResult
    public mutating func writeNBDExportQuery(_ query: NBDExportQuery) -> Int {
        var written = self.writeInteger(UInt32(query.name.utf8.count))
        written += self.writeString(query.name)
        written += self.writeInteger(UInt16(query.requestedInformation.count))
        for type in query.requestedInformation { written += self.writeInteger(type.rawValue) }
        return written
    }

    /// Writes a request header as a client would.
    @discardableResult
    public mutating func writeNBDRequest(_ request: NBDRequest) -> Int {
        self.writeMultipleIntegers(
            NBDMagic.request, request.flags.rawValue, request.command.rawValue,
            request.handle, request.offset, request.length)
    }

    // MARK: Server to client

    @discardableResult
    public mutating func writeNBDHandshakeMessage(_ message: NBDHandshakeMessage) -> Int {
        switch message {
        case .greeting(let flags):
            return self.writeMultipleIntegers(NBDMagic.initial, NBDMagic.option, flags.rawValue)
        case .optionReply(let reply):
            return self.writeNBDOptionReply(reply)
        case .exportNameReply(let size, let flags, let zeroes):
            var written = self.writeMultipleIntegers(size, flags.rawValue)
            if zeroes { written += self.writeRepeatingByte(0, count: 124) }
            return written
        }
    }

    @discardableResult
    public mutating func writeNBDOptionReply(_ reply: NBDOptionReply) -> Int {
        var written = self.writeMultipleIntegers(NBDMagic.optionReply, reply.option.rawValue, reply.type.rawValue)
        let lengthIndex = self.writerIndex
        written += self.writeInteger(UInt32(0))
        let payloadLength: Int
        switch reply.payload {
        case .none:
            payloadLength = 0
        case .server(let name, let details):
            payloadLength =
                self.writeInteger(UInt32(name.utf8.count)) + self.writeString(name)
                + self.writeString(details)
        case .info(let info):
            payloadLength = self.writeNBDInfo(info)
        case .message(let message):
            payloadLength = self.writeString(message)
        }
        self.setInteger(UInt32(payloadLength), at: lengthIndex)
        return written + payloadLength
    }

    /// proto.md "`NBD_REP_INFO` (3)": 16-bit information type, then its fields.
    @discardableResult
    mutating func writeNBDInfo(_ info: NBDInfo) -> Int {
        let written = self.writeInteger(info.type.rawValue)
        switch info {
        case .export(let size, let flags):
            return written + self.writeMultipleIntegers(size, flags.rawValue)
        case .name(let text), .description(let text):
            return written + self.writeString(text)
        case .blockSize(let minimum, let preferred, let maximum):
            return written + self.writeMultipleIntegers(minimum, preferred, maximum)
        }
    }

    @discardableResult
    public mutating func writeNBDSimpleReply(_ reply: NBDSimpleReply) -> Int {
        self.writeMultipleIntegers(NBDMagic.simpleReply, reply.error.rawValue, reply.handle)
    }
}
