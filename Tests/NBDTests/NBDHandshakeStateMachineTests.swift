import NBD
import NBDWire
import NIOCore
import Testing

@Suite struct NBDHandshakeStateMachineTests {
    private let listings = [
        NBDExportListing(name: "amd64", description: "root image"),
        NBDExportListing(name: "swap", description: ""),
    ]
    private let amd64 = NBDExportSummary(
        name: "amd64", description: "root image", size: 1 << 30,
        flags: [.hasFlags, .readOnly, .canMultiConn])

    private func haggling(clientFlags: NBDClientFlags = [.fixedNewstyle, .noZeroes]) -> NBDHandshakeStateMachine {
        var machine = NBDHandshakeStateMachine(exports: self.listings, maximumPayload: 1 << 25)
        #expect(machine.start() == .send([.greeting([.fixedNewstyle, .noZeroes])]))
        #expect(machine.receivedClientFlags(clientFlags) == .none)
        #expect(machine.phase == .options)
        return machine
    }

    private func info(_ option: NBDOptionCode, _ info: NBDInfo) -> NBDHandshakeMessage {
        .optionReply(NBDOptionReply(option: option, type: .info, payload: .info(info)))
    }

    @Test func unknownClientFlagsClose() {
        var machine = NBDHandshakeStateMachine(exports: self.listings, maximumPayload: 1 << 25)
        _ = machine.start()
        guard case .close(let error) = machine.receivedClientFlags(NBDClientFlags(rawValue: 0x5)) else {
            Issue.record("expected close")
            return
        }
        #expect(error.code == .unknownClientFlags)
        #expect(machine.phase == .closed)
    }

    /// A client without NBD_FLAG_C_FIXED_NEWSTYLE still haggles and can open an export.
    @Test func plainNewstyleClientIsAccepted() {
        var machine = self.haggling(clientFlags: [])
        #expect(machine.receivedOption(.exportName("amd64")) == .openExport(name: "amd64"))
    }

    @Test func listSendsEveryExportThenAck() {
        var machine = self.haggling()
        #expect(
            machine.receivedOption(.list(dataLength: 0))
                == .send([
                    .optionReply(
                        NBDOptionReply(
                            option: .list, type: .server,
                            payload: .server(
                                name: "amd64",
                                details: "root image"))),
                    .optionReply(
                        NBDOptionReply(option: .list, type: .server, payload: .server(name: "swap", details: ""))),
                    .optionReply(.ack(.list)),
                ]))
        #expect(machine.phase == .options)
    }

    @Test func listWithDataIsInvalid() {
        var machine = self.haggling()
        #expect(
            machine.receivedOption(.list(dataLength: 3))
                == .send([.optionReply(.error(.errorInvalid, .list, "NBD_OPT_LIST takes no data"))]))
    }

    @Test func abortAcknowledgesThenCloses() {
        var machine = self.haggling()
        #expect(machine.receivedOption(.abort) == .sendAndClose([.optionReply(.ack(.abort))]))
        #expect(machine.phase == .closed)
    }

    @Test(arguments: [
        NBDOptionCode.structuredReply, .startTLS, NBDOptionCode(rawValue: 10),
        NBDOptionCode(rawValue: 99),
    ])
    func unknownOptionsAreUnsupportedAndHagglingGoesOn(code: NBDOptionCode) {
        var machine = self.haggling()
        #expect(
            machine.receivedOption(.unsupported(code))
                == .send([.optionReply(.error(.errorUnsupported, code, "\(code) is not supported"))]))
        #expect(machine.phase == .options)
    }

    @Test func malformedGoIsInvalid() {
        var machine = self.haggling()
        #expect(
            machine.receivedOption(.malformed(.go))
                == .send([.optionReply(.error(.errorInvalid, .go, "NBD_OPT_GO data is malformed"))]))
    }

    @Test func infoDescribesTheExportAndStaysInHaggling() {
        var machine = self.haggling()
        let query = NBDExportQuery(name: "amd64", requestedInformation: [.name, .description, .blockSize])
        #expect(machine.receivedOption(.info(query)) == .openExport(name: "amd64"))
        #expect(machine.phase == .openingExport)
        #expect(
            machine.exportOpened(self.amd64)
                == .sendAndReleaseExport([
                    self.info(.info, .export(size: 1 << 30, flags: [.hasFlags, .readOnly, .canMultiConn])),
                    self.info(.info, .name("amd64")),
                    self.info(.info, .description("root image")),
                    self.info(.info, .blockSize(minimum: 1, preferred: 4096, maximum: 1 << 25)),
                    .optionReply(.ack(.info)),
                ]))
        #expect(machine.phase == .options)
    }

    @Test func goStartsTransmission() {
        var machine = self.haggling()
        #expect(
            machine.receivedOption(.go(NBDExportQuery(name: "", requestedInformation: [])))
                == .openExport(name: ""))
        #expect(
            machine.exportOpened(self.amd64)
                == .sendAndStartTransmission(
                    [
                        self.info(.go, .export(size: 1 << 30, flags: [.hasFlags, .readOnly, .canMultiConn])),
                        self.info(.go, .blockSize(minimum: 1, preferred: 4096, maximum: 1 << 25)),
                        .optionReply(.ack(.go)),
                    ], self.amd64))
        #expect(machine.phase == .transmission)
    }

    @Test func goForUnknownExportIsErrUnknownAndHagglingGoesOn() {
        var machine = self.haggling()
        _ = machine.receivedOption(.go(NBDExportQuery(name: "i386", requestedInformation: [])))
        #expect(
            machine.exportNotFound()
                == .send([.optionReply(.error(.errorUnknown, .go, "export \"i386\": no such export"))]))
        #expect(machine.phase == .options)
    }

    @Test(arguments: [(.fixedNewstyle, true), ([.fixedNewstyle, .noZeroes], false)] as [(NBDClientFlags, Bool)])
    func exportNameRepliesWithZeroesUnlessNoZeroes(flags: NBDClientFlags, zeroes: Bool) {
        var machine = self.haggling(clientFlags: flags)
        #expect(machine.receivedOption(.exportName("amd64")) == .openExport(name: "amd64"))
        #expect(
            machine.exportOpened(self.amd64)
                == .sendAndStartTransmission(
                    [.exportNameReply(size: 1 << 30, flags: [.hasFlags, .readOnly, .canMultiConn], zeroes: zeroes)],
                    self.amd64
                ))
    }

    @Test func exportNameForUnknownExportCloses() {
        var machine = self.haggling()
        _ = machine.receivedOption(.exportName("i386"))
        guard case .close(let error) = machine.exportNotFound() else {
            Issue.record("expected close")
            return
        }
        #expect(error.code == .unknownExport)
    }

    @Test func optionBeforeThePreviousIsAnsweredCloses() {
        var machine = self.haggling()
        _ = machine.receivedOption(.info(NBDExportQuery(name: "amd64", requestedInformation: [])))
        guard case .close = machine.receivedOption(.list(dataLength: 0)) else {
            Issue.record("expected close")
            return
        }
    }

    /// The whole handshake as a client sends it, one byte at a time through the codec: nothing happens before a
    /// message is complete, and the answers match feeding it at once.
    @Test func wholeHandshakeOneByteAtATime() throws {
        var client = ByteBuffer()
        client.writeInteger(UInt32(3))
        client.writeNBDOption(.list)
        client.writeNBDOption(.structuredReply)
        var query = ByteBuffer()
        query.writeNBDExportQuery(NBDExportQuery(name: "amd64", requestedInformation: [.name]))
        client.writeNBDOption(.info, data: query)
        client.writeNBDOption(.go, data: query)
        let bytes = Array(client.readableBytesView)

        var machine = NBDHandshakeStateMachine(exports: self.listings, maximumPayload: 1 << 25)
        var actions = [machine.start()]
        var pending = ByteBuffer()
        for byte in bytes {
            pending.writeInteger(byte)
            decoding: while true {
                let action: NBDHandshakeStateMachine.Action
                switch machine.phase {
                case .clientFlags:
                    guard let flags = pending.readNBDClientFlags() else { break decoding }
                    action = machine.receivedClientFlags(flags)
                case .options:
                    guard let option = try pending.readNBDOption() else { break decoding }
                    action = machine.receivedOption(option)
                case .transmission:
                    break decoding
                case .openingExport, .closed:
                    Issue.record("unexpected phase \(machine.phase)")
                    return
                }
                actions.append(action)
                if case .openExport = action { actions.append(machine.exportOpened(self.amd64)) }
            }
        }
        #expect(pending.readableBytes == 0)
        #expect(machine.phase == .transmission)
        let kinds = actions.map { action -> String in
            switch action {
            case .none: "none"
            case .send: "send"
            case .openExport: "open"
            case .sendAndReleaseExport: "release"
            case .sendAndStartTransmission: "go"
            case .sendAndClose: "abort"
            case .close: "close"
            }
        }
        #expect(kinds == ["send", "none", "send", "send", "open", "release", "open", "go"])
    }
}
