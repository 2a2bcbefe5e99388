import NBDWire
import NIOCore

/// The decode loop of one NBD connection: the bytes a client sent, decoded with the codec in the connection's phase
/// (client flags, options, then requests and write payloads) and fed to the handshake and transmission state
/// machines, whose actions come out one at a time. Pure: the server's NIO glue (``NBDConnectionHandler``) and the
/// fuzz target drive the same loop, and act on what it returns.
public struct NBDConnectionDecoder: Sendable {
    /// One decoded message and the state machine's answer to it.
    public enum Decoded: Sendable {
        case handshake(NBDHandshakeStateMachine.Action)
        /// A request was read.
        case request(NBDRequest, NBDTransmissionStateMachine.Action)
        /// A write's payload was read.
        case payload(NBDTransmissionStateMachine.Action)
    }

    public var handshake: NBDHandshakeStateMachine
    public private(set) var transmission: NBDTransmissionStateMachine?
    /// Bytes received and not yet decoded.
    public private(set) var pending = ByteBuffer()
    /// The payload length of an `NBD_CMD_WRITE` being collected.
    public private(set) var payloadLength: Int?
    /// Payload bytes of a refused `NBD_CMD_WRITE` still to be thrown away as they arrive.
    public private(set) var payloadToSkip = 0
    private let maximumPayload: UInt32

    public init(exports: [NBDExportListing], maximumPayload: UInt32) {
        self.handshake = NBDHandshakeStateMachine(exports: exports, maximumPayload: maximumPayload)
        self.maximumPayload = maximumPayload
    }

    /// Adds received bytes (taking the buffer itself when nothing is pending).
    public mutating func receive(_ incoming: inout ByteBuffer) {
        if pending.readableBytes == 0 {
            pending = incoming
        } else {
            pending.writeBuffer(&incoming)
        }
    }

    /// Drops what has been decoded: all of it when nothing is pending, else once a MiB has been read past.
    public mutating func compact() {
        if pending.readableBytes == 0 {
            pending.clear()
        } else if pending.readerIndex > 1 << 20 {
            pending.discardReadBytes()
        }
    }

    /// The next whole message's outcome; nil when more bytes are needed or nothing may be decoded in this phase
    /// (an export being opened, a connection closed, requests held back). Throws on bytes that are no message.
    public mutating func next() throws -> Decoded? {
        switch handshake.phase {
        case .clientFlags:
            return pending.readNBDClientFlags().map { .handshake(handshake.receivedClientFlags($0)) }
        case .options:
            return try pending.readNBDOption().map { .handshake(handshake.receivedOption($0)) }
        case .openingExport, .closed:
            return nil
        case .transmission:
            return try nextInTransmission()
        }
    }

    /// The handshake reached transmission on `export`.
    public mutating func startTransmission(_ export: NBDExportSummary) {
        transmission = NBDTransmissionStateMachine(export: export, maximumPayload: maximumPayload)
    }

    /// An operation the transmission machine asked for has completed.
    public mutating func operationCompleted(
        handle: UInt64, error: NBDErrorCode,
        replySent: Bool = false
    ) -> NBDTransmissionStateMachine.Action? {
        guard var machine = transmission else { return nil }
        let action = machine.operationCompleted(handle: handle, error: error, replySent: replySent)
        transmission = machine
        return noted(action)
    }

    private mutating func nextInTransmission() throws -> Decoded? {
        guard var machine = transmission else { return nil }
        if payloadToSkip > 0 {
            let skipped = min(payloadToSkip, pending.readableBytes)
            pending.moveReaderIndex(forwardBy: skipped)
            payloadToSkip -= skipped
            guard payloadToSkip == 0 else { return nil }
        }
        let decoded: Decoded
        if let length = payloadLength {
            guard let payload = pending.readSlice(length: length) else { return nil }
            payloadLength = nil
            decoded = .payload(machine.receivedPayload(payload))
        } else if machine.acceptsRequests {
            guard let request = try pending.readNBDRequest() else { return nil }
            decoded = .request(request, machine.receivedRequest(request))
        } else {
            return nil
        }
        transmission = machine
        switch decoded {
        case .request(let request, let action): return .request(request, noted(action))
        case .payload(let action): return .payload(noted(action))
        case .handshake: return decoded
        }
    }

    /// Keeps the framing the action implies: a payload to collect next, or one to throw away.
    private mutating func noted(_ action: NBDTransmissionStateMachine.Action) -> NBDTransmissionStateMachine.Action {
        switch action {
        case .collectPayload(let length): payloadLength = length
        case .replyAndSkipPayload(_, let length): payloadToSkip = length
        default: break
        }
        return action
    }
}
