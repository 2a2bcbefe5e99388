import NBDWire
import NIOCore

// The server's glue to NBDWire, the one codec of proto.md: readers run NBDWire's decoders over the readable bytes,
// writers append what its encoders produce. Reading follows the stream rule: `nil` means "need more bytes" and leaves
// the reader index where it was; malformed bytes throw `NBDError`.

extension ByteBuffer {
    /// The largest option data this server reads: export names are at most 4096 bytes (proto.md "Conventions"), so
    /// anything much larger is not an option we could answer and is treated as a denial of service.
    public static let nbdMaximumOptionLength = 65_536

    // MARK: Client to server

    /// proto.md "Newstyle negotiation": the client's 32 bits of flags.
    public mutating func readNBDClientFlags() -> NBDClientFlags? {
        self.readNBD { NBDClientFlags.read(from: &$0) }
    }

    /// proto.md "Fixed newstyle negotiation": `IHAVEOPT`, option, length, data.
    public mutating func readNBDOption() throws -> NBDOption? {
        try self.readNBD { reader in
            guard let header = try NBDOptionHeader.read(from: &reader) else { return nil }
            guard header.length <= Self.nbdMaximumOptionLength else {
                throw NBDError(.optionTooLarge, "option \(header.code.rawValue) carries \(header.length) bytes of data")
            }
            guard let data = reader.readSlice(Int(header.length)) else { return nil }
            return NBDOption.decode(header, data: data)
        }
    }

    /// proto.md "Request message": the 28-byte header; the `NBD_CMD_WRITE` payload is not read here.
    public mutating func readNBDRequest() throws -> NBDRequest? {
        try self.readNBD { try NBDRequest.read(from: &$0) }
    }

    /// Writes an option as a client would; used by tests and by tools that talk to NBD servers.
    @discardableResult
    public mutating func writeNBDOption(_ code: NBDOptionCode, data: ByteBuffer? = nil) -> Int {
        let header = NBDOptionHeader(code: code, length: UInt32(data?.readableBytes ?? 0))
        var written = self.writeNBD(header)
        if let data { written += self.writeImmutableBuffer(data) }
        return written
    }

    /// Writes the data of `NBD_OPT_INFO` / `NBD_OPT_GO`.
    @discardableResult
    public mutating func writeNBDExportQuery(_ query: NBDExportQuery) -> Int {
        self.writeNBD(query)
    }

    /// Writes a request header as a client would.
    @discardableResult
    public mutating func writeNBDRequest(_ request: NBDRequest) -> Int {
        self.writeNBD(request)
    }

    // MARK: Server to client

    @discardableResult
    public mutating func writeNBDHandshakeMessage(_ message: NBDHandshakeMessage) -> Int {
        self.writeNBD(message)
    }

    @discardableResult
    public mutating func writeNBDOptionReply(_ reply: NBDOptionReply) -> Int {
        self.writeNBD(reply)
    }

    @discardableResult
    public mutating func writeNBDSimpleReply(_ reply: NBDSimpleReply) -> Int {
        self.writeNBD(reply)
    }

    // MARK: Glue

    /// Runs an NBDWire reader over the readable bytes, in place, and moves the reader index past what it read when
    /// it returns a message; NBDWire's errors become ``NBDError``s.
    private mutating func readNBD<Message>(
        _ read: (inout NBDByteReader<UnsafeRawBufferPointer>) throws -> Message?
    ) rethrows -> Message? {
        let decoded: (message: Message, length: Int)?
        do {
            decoded = try self.withUnsafeReadableBytes { bytes in
                var reader = NBDByteReader(bytes)
                guard let message = try read(&reader) else { return nil }
                return (message, reader.index)
            }
        } catch let error as NBDWireError {
            throw NBDError(error)
        }
        guard let decoded else { return nil }
        self.moveReaderIndex(forwardBy: decoded.length)
        return decoded.message
    }

    /// Appends what an NBDWire encoder writes, straight into this buffer; the count of bytes written, as NIO's
    /// writers return.
    private mutating func writeNBD(_ message: some NBDEncodable) -> Int {
        let start = self.writerIndex
        message.encode(into: &self)
        return self.writerIndex - start
    }
}

extension ByteBuffer: NBDByteSink {
    @inlinable
    public mutating func appendBigEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        self.writeInteger(value)
    }

    @inlinable
    public mutating func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        self.writeBytes(bytes)
    }
}
