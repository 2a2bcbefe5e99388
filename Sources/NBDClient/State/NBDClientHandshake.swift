/// The client side of the fixed-newstyle handshake (proto.md "Fixed newstyle negotiation"), without I/O: bytes from
/// the server go in, bytes to send and the negotiated export come out. It asks for the export with `NBD_OPT_GO` and
/// falls back to `NBD_OPT_EXPORT_NAME` on servers that do not know `NBD_OPT_GO`.
///
/// Every length from the server is checked before it is used, and the bytes buffered never exceed one reply of
/// `NBDWire.maximumReplyLength` plus what the caller fed in one call, so a hostile server gets an error, not memory.
public struct NBDClientHandshake {
    private enum State {
        case awaitingGreeting
        case awaitingGoReplies(GoProgress)
        case awaitingExportNameReply
        case finished
        case failed
    }

    /// What the `NBD_REP_INFO` replies to `NBD_OPT_GO` said so far.
    private struct GoProgress {
        var export: (size: UInt64, flags: UInt16)?
        var preferredBlockSize: UInt32?
        var replies = 0
    }

    public let exportName: String
    /// `HOST:PORT`, for messages.
    public let server: String
    private var state = State.awaitingGreeting
    private var buffer: [UInt8] = []
    private var noZeroes = false

    public init(exportName: String, server: String) throws(NBDClientError) {
        guard exportName.utf8.count <= NBDWire.maximumStringLength else {
            throw NBDClientError(
                "export name is \(exportName.utf8.count) bytes; NBD allows at most "
                    + "\(NBDWire.maximumStringLength)")
        }
        self.exportName = exportName
        self.server = server
    }

    /// Feeds bytes received from the server (possibly none, possibly several messages, possibly a fragment).
    public mutating func receive(_ bytes: [UInt8]) throws(NBDClientError) -> NBDHandshakeAction {
        do {
            self.buffer.append(contentsOf: bytes)
            return try self.advance()
        } catch {
            self.state = .failed
            throw error
        }
    }

    /// The error to report when the server closes the connection (or the read times out) before the handshake is
    /// done; it names the step, since "connection closed" alone does not tell a person what to fix.
    public func connectionEnded(_ reason: String = "closed the connection") -> NBDClientError {
        switch self.state {
        case .awaitingGreeting:
            let progress = self.buffer.isEmpty ? "before" : "after \(self.buffer.count) bytes of"
            return NBDClientError("\(self.server) \(reason) \(progress) the NBD greeting")
        case .awaitingGoReplies:
            return NBDClientError(
                "\(self.server) \(reason) while answering NBD_OPT_GO for export "
                    + "'\(self.exportName)'")
        case .awaitingExportNameReply:
            // proto.md: a server that cannot serve the name given to `NBD_OPT_EXPORT_NAME` can only hang up.
            return NBDClientError(
                "export '\(self.exportName)' not found on \(self.server) (the server \(reason) "
                    + "after NBD_OPT_EXPORT_NAME)")
        case .finished, .failed:
            return NBDClientError("\(self.server) \(reason)")
        }
    }

    private mutating func advance() throws(NBDClientError) -> NBDHandshakeAction {
        while true {
            var reader = ByteReader(self.buffer)
            switch self.state {
            case .awaitingGreeting:
                if let magic = reader.read(UInt64.self), magic != NBDWire.initialMagic {
                    throw NBDClientError(
                        "\(self.server) is not an NBD server (it sent 0x\(String(magic, radix: 16)) "
                            + "where NBDMAGIC belongs)")
                }
                guard let second = reader.read(UInt64.self), let flags = reader.read(UInt16.self) else {
                    return .receiveMore
                }
                guard second == NBDWire.optionMagic else {
                    if second == NBDWire.oldstyleMagic {
                        throw NBDClientError(
                            "\(self.server) speaks oldstyle NBD, which has no export names; "
                                + "this client needs fixed newstyle")
                    }
                    throw NBDClientError("\(self.server) sent 0x\(String(second, radix: 16)) where IHAVEOPT belongs")
                }
                // proto.md "Fixed newstyle negotiation": without this flag the server may drop the connection on
                // any option it does not know, so error replies and the `NBD_OPT_GO` fallback are impossible.
                guard flags & NBDWire.handshakeFixedNewstyle != 0 else {
                    throw NBDClientError(
                        "\(self.server) does not offer fixed newstyle negotiation "
                            + "(handshake flags 0x\(String(flags, radix: 16)))")
                }
                self.noZeroes = flags & NBDWire.handshakeNoZeroes != 0
                self.consume(reader)
                self.state = .awaitingGoReplies(GoProgress())
                let clientFlags = NBDWire.clientFixedNewstyle | (self.noZeroes ? NBDWire.clientNoZeroes : 0)
                let go = NBDClientMessage.go(exportName: self.exportName, information: [NBDWire.infoBlockSize])
                return try self.send(NBDClientMessage.clientFlags(clientFlags).bytes + go.bytes, after: "greeting")

            case .awaitingGoReplies(var progress):
                let read: NBDOptionReply?
                do throws(NBDClientError) {
                    read = try NBDOptionReply.read(from: &reader)
                } catch {
                    // The reader says what is wrong with the reply; the console line must also say who sent it.
                    throw NBDClientError("\(self.server) sent a bad reply to NBD_OPT_GO: \(error.message)")
                }
                guard let reply = read else { return .receiveMore }
                self.consume(reader)
                progress.replies += 1
                guard progress.replies <= NBDWire.maximumRepliesPerOption else {
                    throw NBDClientError(
                        "\(self.server) sent more than \(NBDWire.maximumRepliesPerOption) replies "
                            + "to NBD_OPT_GO")
                }
                guard reply.option == NBDWire.optionGo else {
                    throw NBDClientError("\(self.server) answered option \(reply.option) when NBD_OPT_GO was asked")
                }
                switch reply.type {
                case .info:
                    try self.record(reply.payload, into: &progress)
                    self.state = .awaitingGoReplies(progress)
                case .ack:
                    guard let export = progress.export else {
                        throw NBDClientError("\(self.server) acknowledged NBD_OPT_GO without NBD_INFO_EXPORT")
                    }
                    self.state = .finished
                    return try self.finish(
                        NBDExportInfo(
                            size: export.size, transmissionFlags: export.flags,
                            preferredBlockSize: progress.preferredBlockSize))
                case .errorUnsupported:
                    // proto.md "`NBD_OPT_GO`": a client MAY fall back to `NBD_OPT_EXPORT_NAME` on this error.
                    self.state = .awaitingExportNameReply
                    return try self.send(
                        NBDClientMessage.exportName(self.exportName).bytes,
                        after: "NBD_REP_ERR_UNSUP")
                default:
                    throw self.refusal(reply)
                }

            case .awaitingExportNameReply:
                // proto.md "`NBD_OPT_EXPORT_NAME`": size, transmission flags, then 124 zeroes unless NO_ZEROES.
                guard let size = reader.read(UInt64.self), let flags = reader.read(UInt16.self),
                    self.noZeroes || reader.readBytes(124) != nil
                else { return .receiveMore }
                self.consume(reader)
                self.state = .finished
                return try self.finish(NBDExportInfo(size: size, transmissionFlags: flags))

            case .finished:
                throw NBDClientError("\(self.server) sent \(self.buffer.count) bytes after the handshake")

            case .failed:
                throw NBDClientError("the handshake with \(self.server) already failed")
            }
        }
    }

    /// proto.md "`NBD_REP_INFO`": a 16-bit type, then fields whose length that type fixes. Unknown types are
    /// skipped, as the protocol asks.
    private func record(_ payload: [UInt8], into progress: inout GoProgress) throws(NBDClientError) {
        var reader = ByteReader(payload)
        guard let type = reader.read(UInt16.self) else {
            throw NBDClientError("\(self.server) sent an NBD_REP_INFO of \(payload.count) bytes")
        }
        switch type {
        case NBDWire.infoExport:
            guard reader.remaining == 10, let size = reader.read(UInt64.self), let flags = reader.read(UInt16.self)
            else { throw NBDClientError("\(self.server) sent an NBD_INFO_EXPORT of \(payload.count) bytes, not 12") }
            progress.export = (size, flags)
        case NBDWire.infoBlockSize:
            guard reader.remaining == 12, reader.read(UInt32.self) != nil, let preferred = reader.read(UInt32.self)
            else {
                throw NBDClientError("\(self.server) sent an NBD_INFO_BLOCK_SIZE of \(payload.count) bytes, not 14")
            }
            progress.preferredBlockSize = preferred
        default:
            break
        }
    }

    private func refusal(_ reply: NBDOptionReply) -> NBDClientError {
        let detail = reply.message.isEmpty ? "\(reply.type)" : "\(reply.type): \(reply.message)"
        switch reply.type {
        case .errorUnknown:
            return NBDClientError("export '\(self.exportName)' not found on \(self.server) (\(detail))")
        default:
            if reply.type.isError {
                return NBDClientError("\(self.server) refused export '\(self.exportName)' (\(detail))")
            }
            return NBDClientError("\(self.server) answered NBD_OPT_GO with \(reply.type)")
        }
    }

    private mutating func consume(_ reader: ByteReader) {
        self.buffer.removeFirst(reader.index)
    }

    /// The server must wait for the client's next message here; bytes already waiting are a protocol violation.
    private func send(_ bytes: [UInt8], after step: String) throws(NBDClientError) -> NBDHandshakeAction {
        guard self.buffer.isEmpty else {
            throw NBDClientError("\(self.server) sent \(self.buffer.count) unexpected bytes after the \(step)")
        }
        return .send(bytes)
    }

    private func finish(_ info: NBDExportInfo) throws(NBDClientError) -> NBDHandshakeAction {
        guard self.buffer.isEmpty else {
            throw NBDClientError("\(self.server) sent \(self.buffer.count) bytes after the handshake")
        }
        return .finished(info)
    }
}
