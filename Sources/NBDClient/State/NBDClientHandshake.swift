import NBDWire

/// The client side of the fixed-newstyle handshake (proto.md "Fixed newstyle negotiation"), without I/O: bytes from
/// the server go in, bytes to send and the negotiated export come out. It asks for the export with `NBD_OPT_GO` and
/// falls back to `NBD_OPT_EXPORT_NAME` on servers that do not know `NBD_OPT_GO`.
///
/// The bytes are NBDWire's: its encoders write what the client sends, its decoders read the server's messages. Every
/// length from the server is checked before it is used, and the bytes buffered never exceed one reply of
/// `NBDReceivedOptionReply.maximumLength` plus what the caller fed in one call, so a hostile server gets an error,
/// not memory.
public struct NBDClientHandshake {
    /// How many replies to one `NBD_OPT_GO` we read before calling the server broken: there are four kinds of
    /// `NBD_INFO`, each worth sending once.
    public static let maximumRepliesPerOption = 64

    private enum State {
        case awaitingGreeting
        case awaitingGoReplies(GoProgress)
        case awaitingExportNameReply
        case finished
        case failed
    }

    /// What the `NBD_REP_INFO` replies to `NBD_OPT_GO` said so far.
    private struct GoProgress {
        var export: (size: UInt64, flags: NBDTransmissionFlags)?
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
        guard exportName.utf8.count <= NBDExportQuery.maximumNameLength else {
            throw NBDClientError(
                "export name is \(exportName.utf8.count) bytes; NBD allows at most "
                    + "\(NBDExportQuery.maximumNameLength)")
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
            var reader = NBDByteReader(self.buffer)
            switch self.state {
            case .awaitingGreeting:
                let read: NBDGreeting?
                do throws(NBDWireError) {
                    read = try NBDGreeting.read(from: &reader)
                } catch {
                    throw self.notAGreeting(error)
                }
                guard let flags = read?.flags else { return .receiveMore }
                // proto.md "Fixed newstyle negotiation": without this flag the server may drop the connection on
                // any option it does not know, so error replies and the `NBD_OPT_GO` fallback are impossible.
                guard flags.contains(.fixedNewstyle) else {
                    throw NBDClientError(
                        "\(self.server) does not offer fixed newstyle negotiation "
                            + "(handshake flags 0x\(String(flags.rawValue, radix: 16)))")
                }
                self.noZeroes = flags.contains(.noZeroes)
                self.consume(reader)
                self.state = .awaitingGoReplies(GoProgress())
                let clientFlags: NBDClientFlags = self.noZeroes ? [.fixedNewstyle, .noZeroes] : .fixedNewstyle
                let go = NBDClientMessage.go(exportName: self.exportName, information: [.blockSize])
                return try self.send(NBDClientMessage.clientFlags(clientFlags).bytes + go.bytes, after: "greeting")

            case .awaitingGoReplies(var progress):
                let read: NBDReceivedOptionReply?
                do throws(NBDClientError) {
                    read = try NBDReceivedOptionReply.read(from: &reader)
                } catch {
                    // The reader says what is wrong with the reply; the console line must also say who sent it.
                    throw NBDClientError("\(self.server) sent a bad reply to NBD_OPT_GO: \(error.message)")
                }
                guard let reply = read else { return .receiveMore }
                self.consume(reader)
                progress.replies += 1
                guard progress.replies <= Self.maximumRepliesPerOption else {
                    throw NBDClientError(
                        "\(self.server) sent more than \(Self.maximumRepliesPerOption) replies "
                            + "to NBD_OPT_GO")
                }
                guard reply.option == .go else {
                    throw NBDClientError(
                        "\(self.server) answered option \(reply.option.rawValue) when NBD_OPT_GO was asked")
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
                            size: export.size, transmissionFlags: export.flags.rawValue,
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
                guard let reply = NBDExportNameReply.read(from: &reader, zeroes: !self.noZeroes) else {
                    return .receiveMore
                }
                self.consume(reader)
                self.state = .finished
                return try self.finish(NBDExportInfo(size: reply.size, transmissionFlags: reply.flags.rawValue))

            case .finished:
                throw NBDClientError("\(self.server) sent \(self.buffer.count) bytes after the handshake")

            case .failed:
                throw NBDClientError("the handshake with \(self.server) already failed")
            }
        }
    }

    /// proto.md "`NBD_REP_INFO`": a 16-bit type, then fields whose length that type fixes. Unknown types are
    /// skipped, as the protocol asks, and so are the name and the description, which this client does not use.
    private func record(_ payload: [UInt8], into progress: inout GoProgress) throws(NBDClientError) {
        let info: NBDInfo?
        do throws(NBDWireError) {
            info = try NBDInfo.decode(payload)
        } catch {
            throw NBDClientError("\(self.server) sent \(error)")
        }
        switch info {
        case .export(let size, let flags):
            progress.export = (size, flags)
        case .blockSize(_, let preferred, _):
            progress.preferredBlockSize = preferred
        case .name, .description, nil:
            break
        }
    }

    /// The greeting's magics were wrong: say what the server is instead, as far as its bytes tell.
    private func notAGreeting(_ error: NBDWireError) -> NBDClientError {
        switch error {
        case .badMagic(NBDMagic.initial, let found):
            return NBDClientError(
                "\(self.server) is not an NBD server (it sent 0x\(String(found, radix: 16)) where NBDMAGIC belongs)")
        case .badMagic(_, NBDMagic.oldstyle):
            return NBDClientError(
                "\(self.server) speaks oldstyle NBD, which has no export names; this client needs fixed newstyle")
        case .badMagic(_, let found):
            return NBDClientError("\(self.server) sent 0x\(String(found, radix: 16)) where IHAVEOPT belongs")
        case .badLength:
            return NBDClientError("\(self.server) sent a bad greeting: \(error)")
        }
    }

    private func refusal(_ reply: NBDReceivedOptionReply) -> NBDClientError {
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

    private mutating func consume(_ reader: NBDByteReader<[UInt8]>) {
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
