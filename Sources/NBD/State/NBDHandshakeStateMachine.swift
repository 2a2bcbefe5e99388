import NBDWire

/// The handshake and option haggling of one connection (proto.md "Fixed newstyle negotiation"), with no I/O.
///
/// Opening an export touches the file system, so the machine asks for it with ``Action/openExport(name:)`` and
/// continues when the glue reports ``exportOpened(_:)``, ``exportNotFound()`` or ``exportFailed(_:)``.
public struct NBDHandshakeStateMachine: Sendable {
    public enum Action: Hashable, Sendable {
        /// Nothing to do until more bytes arrive.
        case none
        case send([NBDHandshakeMessage])
        /// Look the export up and open it for this connection.
        case openExport(name: String)
        /// `NBD_OPT_INFO` answered: send, and close the export that was opened only to describe it.
        case sendAndReleaseExport([NBDHandshakeMessage])
        /// `NBD_OPT_GO` or `NBD_OPT_EXPORT_NAME` accepted: send, then serve the opened export.
        case sendAndStartTransmission([NBDHandshakeMessage], NBDExportSummary)
        /// `NBD_OPT_ABORT`: acknowledge, then close (proto.md "Termination of the session during option haggling").
        case sendAndClose([NBDHandshakeMessage])
        /// Hard disconnect: a protocol violation, or an `NBD_OPT_EXPORT_NAME` that cannot be satisfied.
        case close(NBDError)
    }

    /// Which bytes the glue should decode next.
    public enum Phase: Hashable, Sendable {
        case clientFlags
        case options
        /// Waiting for the export to be opened; no bytes may be decoded.
        case openingExport
        case transmission
        case closed
    }

    private enum PendingOption {
        case info(NBDExportQuery)
        case go(NBDExportQuery)
        case exportName(String)
    }

    private enum State {
        case idle
        case awaitingClientFlags
        case haggling(NBDClientFlags)
        case openingExport(NBDClientFlags, PendingOption)
        case transmission
        case closed
    }

    private var state = State.idle
    private let exports: [NBDExportListing]
    private let maximumPayload: UInt32
    /// proto.md "Block size constraints": the preferred size is a hint; 4 KiB is the page size clients align to.
    private static let preferredBlockSize: UInt32 = 4096

    public init(exports: [NBDExportListing], maximumPayload: UInt32) {
        self.exports = exports
        self.maximumPayload = maximumPayload
    }

    public var phase: Phase {
        switch self.state {
        case .idle, .awaitingClientFlags: .clientFlags
        case .haggling: .options
        case .openingExport: .openingExport
        case .transmission: .transmission
        case .closed: .closed
        }
    }

    /// The connection is up: greet with fixed newstyle and no-zeroes.
    public mutating func start() -> Action {
        switch self.state {
        case .idle:
            self.state = .awaitingClientFlags
            return .send([.greeting([.fixedNewstyle, .noZeroes])])
        case .awaitingClientFlags, .haggling, .openingExport, .transmission, .closed:
            return .none
        }
    }

    /// proto.md "Newstyle negotiation": the server MUST close the connection on client flags it does not know.
    public mutating func receivedClientFlags(_ flags: NBDClientFlags) -> Action {
        switch self.state {
        case .awaitingClientFlags:
            guard NBDClientFlags.known.isSuperset(of: flags) else {
                return self.fail(.unknownClientFlags, "client flags 0x\(String(flags.rawValue, radix: 16))")
            }
            self.state = .haggling(flags)
            return .none
        case .idle, .haggling, .openingExport, .transmission, .closed:
            return self.fail(.protocolViolation, "client flags out of turn")
        }
    }

    public mutating func receivedOption(_ option: NBDOption) -> Action {
        switch self.state {
        case .haggling(let flags):
            return self.handle(option, flags: flags)
        case .openingExport:
            // proto.md: the client MUST NOT send an option before the final reply to the previous one.
            return self.fail(.protocolViolation, "\(option.code) sent before the previous option was answered")
        case .idle, .awaitingClientFlags, .transmission, .closed:
            return self.fail(.protocolViolation, "\(option.code) out of turn")
        }
    }

    private mutating func handle(_ option: NBDOption, flags: NBDClientFlags) -> Action {
        switch option {
        case .exportName(let name):
            self.state = .openingExport(flags, .exportName(name))
            return .openExport(name: name)
        case .info(let query):
            self.state = .openingExport(flags, .info(query))
            return .openExport(name: query.name)
        case .go(let query):
            self.state = .openingExport(flags, .go(query))
            return .openExport(name: query.name)
        case .abort:
            self.state = .closed
            return .sendAndClose([.optionReply(.ack(.abort))])
        case .list(let dataLength):
            guard dataLength == 0 else {
                return .send([.optionReply(.error(.errorInvalid, .list, "NBD_OPT_LIST takes no data"))])
            }
            let servers = self.exports.map {
                NBDHandshakeMessage.optionReply(
                    NBDOptionReply(
                        option: .list, type: .server, payload: .server(name: $0.name, details: $0.description)
                    ))
            }
            return .send(servers + [.optionReply(.ack(.list))])
        case .malformed(let code):
            return .send([.optionReply(.error(.errorInvalid, code, "\(code) data is malformed"))])
        case .unsupported(let code):
            return .send([.optionReply(.error(.errorUnsupported, code, "\(code) is not supported"))])
        }
    }

    /// The export asked for by ``Action/openExport(name:)`` is open for this connection.
    public mutating func exportOpened(_ export: NBDExportSummary) -> Action {
        switch self.state {
        case .openingExport(let flags, .exportName):
            self.state = .transmission
            let reply = NBDHandshakeMessage.exportNameReply(
                size: export.size, flags: export.flags, zeroes: !flags.contains(.noZeroes)
            )
            return .sendAndStartTransmission([reply], export)
        case .openingExport(let flags, .info(let query)):
            self.state = .haggling(flags)
            return .sendAndReleaseExport(self.describe(export, query: query, option: .info))
        case .openingExport(_, .go(let query)):
            self.state = .transmission
            return .sendAndStartTransmission(self.describe(export, query: query, option: .go), export)
        case .idle, .awaitingClientFlags, .haggling, .transmission, .closed:
            return .none
        }
    }

    /// No export has the name the client asked for: `NBD_REP_ERR_UNKNOWN`, or a hard disconnect after
    /// `NBD_OPT_EXPORT_NAME`, which has no way to report an error.
    public mutating func exportNotFound() -> Action {
        self.refuse(.errorUnknown, "no such export")
    }

    /// The export exists but could not be opened.
    public mutating func exportFailed(_ message: String) -> Action {
        self.refuse(.errorUnknown, message)
    }

    private mutating func refuse(_ type: NBDOptionReplyType, _ message: String) -> Action {
        switch self.state {
        case .openingExport(_, .exportName(let name)):
            return self.fail(.unknownExport, "export \"\(name)\": \(message)")
        case .openingExport(let flags, .info(let query)):
            self.state = .haggling(flags)
            return .send([.optionReply(.error(type, .info, "export \"\(query.name)\": \(message)"))])
        case .openingExport(let flags, .go(let query)):
            self.state = .haggling(flags)
            return .send([.optionReply(.error(type, .go, "export \"\(query.name)\": \(message)"))])
        case .idle, .awaitingClientFlags, .haggling, .transmission, .closed:
            return .none
        }
    }

    /// proto.md "`NBD_OPT_INFO` (6)": `NBD_INFO_EXPORT` always, then what was asked for, then `NBD_REP_ACK`.
    /// Block size constraints are always sent: they tell the client the maximum payload.
    private func describe(
        _ export: NBDExportSummary, query: NBDExportQuery,
        option: NBDOptionCode
    ) -> [NBDHandshakeMessage] {
        var infos: [NBDInfo] = [.export(size: export.size, flags: export.flags)]
        if query.requestedInformation.contains(.name) {
            infos.append(.name(export.name))
        }
        if query.requestedInformation.contains(.description), !export.description.isEmpty {
            infos.append(.description(export.description))
        }
        infos.append(.blockSize(minimum: 1, preferred: Self.preferredBlockSize, maximum: self.maximumPayload))
        let replies = infos.map {
            NBDHandshakeMessage.optionReply(
                NBDOptionReply(
                    option: option, type: .info,
                    payload: .info($0)))
        }
        return replies + [.optionReply(.ack(option))]
    }

    private mutating func fail(_ code: NBDError.Code, _ message: String) -> Action {
        self.state = .closed
        return .close(NBDError(code, message))
    }
}
