import FuzzSupport
import NBD
import NBDWire
import NIOCore

// The NBD server as a client drives it: the byte stream a client sends, through the server's own decode loop
// (`NBDConnectionDecoder`, which `NBDConnectionHandler` drives too) into the handshake and transmission state
// machines, with operations performed on in-memory exports.
//
// Input: byte 0 is the connection's setup:
//   bit 0   feed the stream in pieces of (byte 1 + 1) bytes instead of all at once;
//   bit 1   complete operations late (after each piece, newest first) instead of at once, so requests pipeline;
//   bit 2   operations fail (EIO) instead of succeeding;
//   bit 3   skip the handshake: start in transmission on export `swap` (writable), or `amd64` (read-only) with bit 4.
// The rest is the client's stream.
//
// Invariants: every handshake message encodes; an opened export is one that was asked for; bytes held back never
// exceed one incomplete message (an option of at most 64 KiB, a 28-byte request header or a write payload of at
// most the maximum payload); every operation lies inside the export, reads and writes are at most the maximum
// payload and a write carries exactly its payload; every reply answers a request with that handle, once; after
// NBD_CMD_DISC, the connection closes once the operations in flight complete.

private let maximumPayload: UInt32 = 65_536

private struct Export {
    let listing: NBDExportListing
    let size: UInt64
    let flags: NBDTransmissionFlags
    let opens: Bool

    var summary: NBDExportSummary {
        NBDExportSummary(
            name: self.listing.name, description: self.listing.description, size: self.size,
            flags: self.flags)
    }
}

private let exports = [
    Export(
        listing: NBDExportListing(name: "amd64", description: "root image"), size: 3 * 4096,
        flags: [.hasFlags, .readOnly, .canMultiConn], opens: true),
    Export(
        listing: NBDExportListing(name: "swap", description: ""), size: 2 * 65_536 + 512,
        flags: [.hasFlags, .sendFlush, .sendFUA, .sendTrim, .sendWriteZeroes], opens: true),
    Export(
        listing: NBDExportListing(name: "huge", description: "sparse"), size: UInt64.max - 4095,
        flags: [.hasFlags, .sendFlush, .sendTrim, .sendWriteZeroes], opens: true),
    Export(
        listing: NBDExportListing(name: "broken", description: "cannot be opened"), size: 4096,
        flags: [.hasFlags], opens: false),
]

/// `NBDConnectionHandler` without NIO: the same decoder and the same reactions to the state machines' actions.
private struct Connection {
    var decoder = NBDConnectionDecoder(exports: exports.map(\.listing), maximumPayload: maximumPayload)
    var export: NBDExportSummary?
    var isActive = true
    let deferCompletions: Bool
    let failOperations: Bool
    /// Operations performed and not completed yet: (handle, whether the reply was already sent).
    var inFlight: [(handle: UInt64, error: NBDErrorCode, replySent: Bool)] = []
    /// Requests received and replies owed, by handle.
    var unanswered: [UInt64: Int] = [:]
    var disconnectReceived = false

    init(deferCompletions: Bool, failOperations: Bool) {
        self.deferCompletions = deferCompletions
        self.failOperations = failOperations
    }

    mutating func receive(_ bytes: ArraySlice<UInt8>) {
        guard self.isActive else { return }
        var incoming = ByteBuffer(bytes: bytes)
        self.decoder.receive(&incoming)
        self.decode()
        if self.isActive {
            self.checkPendingIsBounded()
        }
        self.decoder.compact()
    }

    private func checkPendingIsBounded() {
        let held = self.decoder.pending.readableBytes
        switch self.decoder.handshake.phase {
        case .clientFlags: check(held < 4, "\(held) bytes held waiting for client flags")
        case .options: check(held < 16 + ByteBuffer.nbdMaximumOptionLength, "\(held) bytes held in option haggling")
        case .transmission:
            if let length = self.decoder.payloadLength {
                check(held < length, "\(held) bytes held for a \(length)-byte payload")
            } else if self.decoder.payloadToSkip == 0, self.decoder.transmission?.acceptsRequests == true {
                check(held < NBDRequest.headerSize, "\(held) bytes held waiting for a request")
            }
        case .openingExport, .closed: break
        }
    }

    private mutating func decode() {
        while self.isActive {
            let decoded: NBDConnectionDecoder.Decoded?
            do { decoded = try self.decoder.next() } catch {
                self.isActive = false
                return
            }
            guard let decoded else { return }
            switch decoded {
            case .handshake(let action):
                self.apply(action)
            case .request(let request, let action):
                if request.command == .disconnect {
                    self.disconnectReceived = true
                } else {
                    self.unanswered[request.handle, default: 0] += 1
                }
                self.apply(action)
            case .payload(let action):
                self.apply(action)
            }
        }
    }

    // MARK: Handshake

    private mutating func apply(_ action: NBDHandshakeStateMachine.Action) {
        switch action {
        case .none:
            break
        case .send(let messages):
            self.send(messages)
        case .openExport(let name):
            self.apply(self.open(name))
        case .sendAndReleaseExport(let messages):
            self.send(messages)
        case .sendAndStartTransmission(let messages, let export):
            self.send(messages)
            self.startTransmission(export)
        case .sendAndClose(let messages):
            self.send(messages)
            self.isActive = false
        case .close:
            self.isActive = false
        }
    }

    private mutating func open(_ name: String) -> NBDHandshakeStateMachine.Action {
        guard let export = exports.first(where: { $0.listing.name == name }) else {
            return self.decoder.handshake.exportNotFound()
        }
        guard export.opens else { return self.decoder.handshake.exportFailed("cannot be opened") }
        let action = self.decoder.handshake.exportOpened(export.summary)
        if case .sendAndStartTransmission(_, let summary) = action {
            check(summary == export.summary, "transmission starts on \(summary), \(name) was opened")
        }
        return action
    }

    mutating func startTransmission(_ export: NBDExportSummary) {
        self.decoder.startTransmission(export)
        self.export = export
    }

    private func send(_ messages: [NBDHandshakeMessage]) {
        var buffer = ByteBuffer()
        for message in messages {
            let before = buffer.writerIndex
            let written = buffer.writeNBDHandshakeMessage(message)
            check(written == buffer.writerIndex - before, "\(message) said \(written) bytes")
        }
    }

    // MARK: Transmission

    private mutating func apply(_ action: NBDTransmissionStateMachine.Action) {
        switch action {
        case .none:
            break
        case .collectPayload(let length):
            check(UInt32(length) <= maximumPayload, "collecting a \(length)-byte payload")
            check(self.decoder.payloadLength == length, "the decoder does not collect the \(length)-byte payload")
        case .reply(let reply):
            self.replied(reply.handle)
        case .replyAndSkipPayload(let reply, let length):
            check(UInt32(length) <= maximumPayload, "skipping a \(length)-byte payload")
            self.replied(reply.handle)
            check(self.decoder.payloadToSkip == length, "the decoder does not skip the \(length)-byte payload")
        case .perform(let handle, let operation):
            self.perform(operation, handle: handle)
        case .replyAndClose(let reply):
            self.replied(reply.handle)
            self.isActive = false
        case .close:
            self.isActive = false
        case .abort:
            self.isActive = false
        }
    }

    private mutating func replied(_ handle: UInt64) {
        let owed = self.unanswered[handle, default: 0]
        check(owed > 0, "a reply for handle \(handle), which has no request waiting")
        self.unanswered[handle] = owed - 1
    }

    private mutating func perform(_ operation: NBDOperation, handle: UInt64) {
        guard let export = self.export else {
            check(false, "an operation before an export was opened")
            return
        }
        check(self.unanswered[handle, default: 0] > 0, "an operation for handle \(handle), which was not requested")
        func inside(_ offset: UInt64, _ length: UInt32) {
            let (end, overflow) = offset.addingReportingOverflow(UInt64(length))
            check(!overflow && end <= export.size, "\(operation) is outside the \(export.size)-byte export")
        }
        let readOnly = export.flags.contains(.readOnly)
        var replySent = false
        switch operation {
        case .read(let offset, let length):
            inside(offset, length)
            check(length > 0 && length <= maximumPayload, "a read of \(length) bytes")
            // The glue replies with the data at once when the read succeeds.
            replySent = !self.failOperations
            if replySent { self.replied(handle) }
        case .write(let offset, let data, _):
            inside(offset, UInt32(data.readableBytes))
            check(!readOnly, "a write on a read-only export")
            check(
                data.readableBytes > 0 && data.readableBytes <= Int(maximumPayload),
                "a write of \(data.readableBytes) bytes")
        case .flush:
            break
        case .trim(let offset, let length, _), .writeZeroes(let offset, let length, _, _):
            inside(offset, length)
            check(!readOnly, "\(operation) on a read-only export")
        }
        let error: NBDErrorCode = self.failOperations ? .ioError : .success
        self.inFlight.append((handle, error, replySent))
        if !self.deferCompletions { self.completeAll() }
    }

    /// Completes every operation in flight, newest first.
    mutating func completeAll() {
        while let (handle, error, replySent) = self.inFlight.popLast() {
            guard self.isActive,
                let action = self.decoder.operationCompleted(handle: handle, error: error, replySent: replySent)
            else { return }
            self.apply(action)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let setup = input.byte()
    let pieceSize = setup & 1 != 0 ? Int(input.byte()) + 1 : Int.max
    var connection = Connection(deferCompletions: setup & 2 != 0, failOperations: setup & 4 != 0)
    _ = connection.decoder.handshake.start()
    if setup & 8 != 0 {
        // The handshake a client like nbd-client does: flags, then NBD_OPT_GO for the export.
        var handshake = ByteBuffer()
        handshake.writeInteger(NBDClientFlags.known.rawValue)
        var query = ByteBuffer()
        query.writeNBDExportQuery(NBDExportQuery(name: setup & 16 != 0 ? "amd64" : "swap", requestedInformation: []))
        handshake.writeNBDOption(.go, data: query)
        connection.receive(Array(handshake.readableBytesView)[...])
        check(connection.decoder.handshake.phase == .transmission, "a plain NBD_OPT_GO did not start transmission")
    }
    let stream = input.rest()
    var offset = 0
    repeat {
        let end = min(stream.count, offset + min(pieceSize, stream.count))
        connection.receive(stream[offset..<end])
        connection.completeAll()
        offset = end
    } while offset < stream.count && connection.isActive
    connection.completeAll()
    if connection.disconnectReceived && connection.inFlight.isEmpty {
        check(!connection.isActive, "NBD_CMD_DISC received and nothing in flight, yet the connection stays open")
    }
    return 0
}
