import NIOCore

extension ByteBuffer {
    /// Decodes one whole datagram as a TFTP packet.
    ///
    /// A datagram is a whole packet, so any truncation throws ``TFTPError/truncatedPacket(field:)`` and any other
    /// malformation ``TFTPError/malformedPacket(reason:)``. The reader index moves past what was read.
    public mutating func readTFTPPacket() throws -> TFTPPacket {
        guard let rawOpcode = self.readInteger(as: UInt16.self) else {
            throw TFTPError.truncatedPacket(field: "opcode")
        }
        guard let opcode = TFTPOpcode(rawValue: rawOpcode) else {
            throw TFTPError.malformedPacket(reason: "unknown opcode \(rawOpcode)")
        }
        switch opcode {
        case .readRequest:
            return .readRequest(try self.readTFTPRequest())
        case .writeRequest:
            return .writeRequest(try self.readTFTPRequest())
        case .data:
            guard let block = self.readInteger(as: UInt16.self) else {
                throw TFTPError.truncatedPacket(field: "block number")
            }
            // RFC 1350 §5: the payload is the rest of the datagram.
            let payload = self.readSlice(length: self.readableBytes) ?? ByteBuffer()
            return .data(TFTPData(block: block, payload: payload))
        case .acknowledgement:
            guard let block = self.readInteger(as: UInt16.self) else {
                throw TFTPError.truncatedPacket(field: "block number")
            }
            return .acknowledgement(TFTPAcknowledgement(block: block))
        case .error:
            guard let code = self.readInteger(as: UInt16.self) else {
                throw TFTPError.truncatedPacket(field: "error code")
            }
            let message = try self.readTFTPString(field: "error message")
            return .error(TFTPErrorPacket(code: TFTPErrorCode(rawValue: code), message: message))
        case .optionAcknowledgement:
            // RFC 2347: an OACK acknowledges at least one option; an empty one is not a valid answer.
            let options = try self.readTFTPOptions()
            guard !options.isEmpty else {
                throw TFTPError.truncatedPacket(field: "options")
            }
            return .optionAcknowledgement(TFTPOptionAcknowledgement(options: options))
        }
    }

    /// Encodes `packet` at the writer index and returns the number of bytes written.
    @discardableResult
    public mutating func writeTFTPPacket(_ packet: TFTPPacket) -> Int {
        var written = self.writeInteger(packet.opcode.rawValue)
        switch packet {
        case .readRequest(let request), .writeRequest(let request):
            written += self.writeTFTPString(request.fileName)
            written += self.writeTFTPString(request.mode.rawValue)
            written += self.writeTFTPOptions(request.options)
        case .data(let data):
            written += self.writeInteger(data.block)
            written += self.writeImmutableBuffer(data.payload)
        case .acknowledgement(let ack):
            written += self.writeInteger(ack.block)
        case .error(let error):
            written += self.writeInteger(error.code.rawValue)
            written += self.writeTFTPString(error.message)
        case .optionAcknowledgement(let oack):
            written += self.writeTFTPOptions(oack.options)
        }
        return written
    }

    /// RFC 1350 §5 and RFC 2347: filename, mode, then option pairs, each NUL-terminated.
    private mutating func readTFTPRequest() throws -> TFTPRequest {
        let fileName = try self.readTFTPString(field: "file name")
        let modeName = try self.readTFTPString(field: "mode")
        guard let mode = TFTPTransferMode(name: modeName) else {
            throw TFTPError.malformedPacket(reason: "unknown transfer mode \"\(modeName)\"")
        }
        return TFTPRequest(fileName: fileName, mode: mode, options: try self.readTFTPOptions())
    }

    private mutating func readTFTPOptions() throws -> [TFTPOption] {
        var options: [TFTPOption] = []
        while self.readableBytes > 0 {
            let name = try self.readTFTPString(field: "option name")
            let value = try self.readTFTPString(field: "value of option \(name)")
            guard !name.isEmpty else {
                throw TFTPError.malformedPacket(reason: "empty option name")
            }
            options.append(TFTPOption(name: name, value: value))
        }
        return options
    }

    /// Reads a NUL-terminated string; a missing NUL is a truncation, invalid UTF-8 a malformation.
    private mutating func readTFTPString(field: String) throws -> String {
        guard let nulIndex = self.readableBytesView.firstIndex(of: 0) else {
            throw TFTPError.truncatedPacket(field: field)
        }
        let length = nulIndex - self.readerIndex
        guard let bytes = self.readSlice(length: length) else {
            throw TFTPError.truncatedPacket(field: field)
        }
        self.moveReaderIndex(forwardBy: 1)
        guard let string = String(validating: bytes.readableBytesView, as: UTF8.self) else {
            throw TFTPError.malformedPacket(reason: "\(field) is not valid UTF-8")
        }
        return string
    }

    private mutating func writeTFTPString(_ string: String) -> Int {
        self.writeString(string) + self.writeInteger(UInt8(0))
    }

    private mutating func writeTFTPOptions(_ options: [TFTPOption]) -> Int {
        options.reduce(0) { $0 + self.writeTFTPString($1.name) + self.writeTFTPString($1.value) }
    }
}
