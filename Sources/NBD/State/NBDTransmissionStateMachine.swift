import NBDWire
import NIOCore

/// The transmission phase of one connection (proto.md "Transmission"), with no I/O: validates each request against
/// the export and returns what to do. Requests are pipelined; operations are reported complete by handle, so
/// replies may go out in any order (proto.md: "Replies need not be sent in the same order as requests").
public struct NBDTransmissionStateMachine: Sendable {
    public enum Action: Hashable, Sendable {
        case none
        /// Collect this many payload bytes of an `NBD_CMD_WRITE`, then call ``receivedPayload(_:)``.
        case collectPayload(Int)
        /// Answer at once; nothing to perform.
        case reply(NBDSimpleReply)
        /// Answer at once, then throw away the request's payload of this many bytes as it arrives, without keeping
        /// it (a refused `NBD_CMD_WRITE`).
        case replyAndSkipPayload(NBDSimpleReply, Int)
        /// Perform the operation, then call ``operationCompleted(handle:error:)``.
        case perform(handle: UInt64, NBDOperation)
        /// Send the reply, then close: the client asked to disconnect and this was the last operation in flight.
        case replyAndClose(NBDSimpleReply)
        /// Clean close after `NBD_CMD_DISC` with nothing in flight.
        case close
        /// Hard disconnect: a violation the connection cannot recover from.
        case abort(NBDError)
    }

    private enum State {
        case serving(inFlight: Int)
        case awaitingPayload(NBDRequest, inFlight: Int)
        /// `NBD_CMD_DISC` received: finish what is in flight, read nothing more.
        case draining(inFlight: Int)
        case closed
    }

    private var state = State.serving(inFlight: 0)
    private let export: NBDExportSummary
    private let maximumPayload: UInt32

    public init(export: NBDExportSummary, maximumPayload: UInt32) {
        self.export = export
        self.maximumPayload = maximumPayload
    }

    private var isReadOnly: Bool { self.export.flags.contains(.readOnly) }

    /// Whether the glue should decode request headers now (and not payload bytes, and not nothing at all).
    public var acceptsRequests: Bool {
        switch self.state {
        case .serving: true
        case .awaitingPayload, .draining, .closed: false
        }
    }

    public mutating func receivedRequest(_ request: NBDRequest) -> Action {
        switch self.state {
        case .serving(let inFlight):
            return self.validate(request, inFlight: inFlight)
        case .awaitingPayload, .draining, .closed:
            return .none
        }
    }

    private mutating func validate(_ request: NBDRequest, inFlight: Int) -> Action {
        let handle = request.handle
        switch request.command {
        case .read:
            // proto.md "`NBD_CMD_READ`": EINVAL past the end; "Block size constraints": EINVAL (or EOVERFLOW)
            // above the maximum, and the connection stays usable because a read has no payload to skip.
            guard request.length > 0, request.length <= self.maximumPayload,
                self.fits(request)
            else { return .reply(.init(error: .invalid, handle: handle)) }
            return self.start(handle, .read(offset: request.offset, length: request.length), inFlight: inFlight)
        case .write:
            // An oversize payload cannot be skipped safely: proto.md lets the server terminate the session.
            guard request.length <= self.maximumPayload else {
                self.state = .closed
                return .abort(
                    NBDError(
                        .protocolViolation,
                        "NBD_CMD_WRITE of \(request.length) bytes is over \(self.maximumPayload)"))
            }
            // proto.md "`NBD_CMD_WRITE`": EPERM on a read-only export. Refused from the header: the payload is
            // skipped, never buffered, and the connection stays usable.
            guard !self.isReadOnly else {
                return .replyAndSkipPayload(.init(error: .notPermitted, handle: handle), Int(request.length))
            }
            self.state = .awaitingPayload(request, inFlight: inFlight)
            return .collectPayload(Int(request.length))
        case .disconnect:
            // proto.md "`NBD_CMD_DISC`": no reply; finish the requests in flight, then close.
            guard inFlight == 0 else {
                self.state = .draining(inFlight: inFlight)
                return .none
            }
            self.state = .closed
            return .close
        case .flush:
            guard !self.isReadOnly else { return .reply(.init(handle: handle)) }
            return self.start(handle, .flush, inFlight: inFlight)
        case .trim:
            guard !self.isReadOnly else { return .reply(.init(error: .notPermitted, handle: handle)) }
            guard self.fits(request) else { return .reply(.init(error: .invalid, handle: handle)) }
            let operation = NBDOperation.trim(
                offset: request.offset, length: request.length,
                durable: request.flags.contains(.fua))
            return self.start(handle, operation, inFlight: inFlight)
        case .writeZeroes:
            guard !self.isReadOnly else { return .reply(.init(error: .notPermitted, handle: handle)) }
            guard self.fits(request) else { return .reply(.init(error: .noSpace, handle: handle)) }
            let operation = NBDOperation.writeZeroes(
                offset: request.offset, length: request.length,
                durable: request.flags.contains(.fua),
                mayPunchHole: !request.flags.contains(.noHole))
            return self.start(handle, operation, inFlight: inFlight)
        default:
            // proto.md "Request types": EINVAL for a command the server does not know.
            return .reply(.init(error: .invalid, handle: handle))
        }
    }

    /// The payload announced by ``Action/collectPayload(_:)`` has arrived.
    public mutating func receivedPayload(_ data: ByteBuffer) -> Action {
        switch self.state {
        case .awaitingPayload(let request, let inFlight):
            self.state = .serving(inFlight: inFlight)
            let handle = request.handle
            // proto.md "`NBD_CMD_WRITE`": ENOSPC past the end.
            guard request.length > 0 else { return .reply(.init(error: .invalid, handle: handle)) }
            guard self.fits(request) else { return .reply(.init(error: .noSpace, handle: handle)) }
            let operation = NBDOperation.write(
                offset: request.offset, data: data,
                durable: request.flags.contains(.fua))
            return self.start(handle, operation, inFlight: inFlight)
        case .serving, .draining, .closed:
            return .none
        }
    }

    /// An operation handed out by ``Action/perform(handle:_:)`` finished; a read that succeeded has already sent
    /// its reply with the data, so for it this only counts it done.
    public mutating func operationCompleted(handle: UInt64, error: NBDErrorCode, replySent: Bool = false) -> Action {
        let reply = NBDSimpleReply(error: error, handle: handle)
        switch self.state {
        case .serving(let inFlight):
            self.state = .serving(inFlight: max(inFlight - 1, 0))
            return replySent ? .none : .reply(reply)
        case .awaitingPayload(let request, let inFlight):
            self.state = .awaitingPayload(request, inFlight: max(inFlight - 1, 0))
            return replySent ? .none : .reply(reply)
        case .draining(let inFlight):
            guard inFlight <= 1 else {
                self.state = .draining(inFlight: inFlight - 1)
                return replySent ? .none : .reply(reply)
            }
            self.state = .closed
            return replySent ? .close : .replyAndClose(reply)
        case .closed:
            return .none
        }
    }

    private mutating func start(_ handle: UInt64, _ operation: NBDOperation, inFlight: Int) -> Action {
        self.state = .serving(inFlight: inFlight + 1)
        return .perform(handle: handle, operation)
    }

    /// Whether the request's range lies inside the export, without overflowing.
    private func fits(_ request: NBDRequest) -> Bool {
        let (end, overflow) = request.offset.addingReportingOverflow(UInt64(request.length))
        return !overflow && end <= self.export.size
    }
}
