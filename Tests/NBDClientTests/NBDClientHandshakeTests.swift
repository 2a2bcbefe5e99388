import Testing
@testable import NBDClient

struct NBDClientHandshakeTests {
    static let server = "10.0.0.1:10809"

    /// `NBDMAGIC`, `IHAVEOPT`, flags FIXED_NEWSTYLE | NO_ZEROES.
    static let greeting: [UInt8] = [
        0x4e, 0x42, 0x44, 0x4d, 0x41, 0x47, 0x49, 0x43, 0x49, 0x48, 0x41, 0x56, 0x45, 0x4f, 0x50, 0x54, 0x00, 0x03,
    ]

    /// Client flags FIXED_NEWSTYLE | NO_ZEROES, then `NBD_OPT_GO` for "amd64" asking for `NBD_INFO_BLOCK_SIZE`.
    static let flagsAndGo: [UInt8] = [
        0x00, 0x00, 0x00, 0x03,
        0x49, 0x48, 0x41, 0x56, 0x45, 0x4f, 0x50, 0x54, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x0d,
        0x00, 0x00, 0x00, 0x05, 0x61, 0x6d, 0x64, 0x36, 0x34, 0x00, 0x01, 0x00, 0x03,
    ]

    /// `NBD_REP_INFO` `NBD_INFO_EXPORT` (64 MiB, HAS_FLAGS | READ_ONLY | CAN_MULTI_CONN), `NBD_INFO_BLOCK_SIZE`
    /// (1, 512, 32 MiB), `NBD_REP_ACK`.
    static let goReplies: [UInt8] = [
        0x00, 0x03, 0xe8, 0x89, 0x04, 0x55, 0x65, 0xa9, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x03,
        0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x03,
        0x00, 0x03, 0xe8, 0x89, 0x04, 0x55, 0x65, 0xa9, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x03,
        0x00, 0x00, 0x00, 0x0e, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00,
        0x00, 0x00,
        0x00, 0x03, 0xe8, 0x89, 0x04, 0x55, 0x65, 0xa9, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00,
    ]

    static let expected = NBDExportInfo(size: 64 << 20, transmissionFlags: 0x0103, preferredBlockSize: 512)

    func handshake(_ name: String = "amd64") throws -> NBDClientHandshake {
        try NBDClientHandshake(exportName: name, server: Self.server)
    }

    /// The handshake up to the point where the server answers `NBD_OPT_GO`.
    func afterGo(greeting: [UInt8] = Self.greeting) throws -> NBDClientHandshake {
        var handshake = try self.handshake()
        #expect(try handshake.receive([]) == .receiveMore)
        guard case .send = try handshake.receive(greeting) else {
            Issue.record("no NBD_OPT_GO after the greeting")
            return handshake
        }
        return handshake
    }

    @Test func goHappyPath() throws {
        var handshake = try self.handshake()
        #expect(try handshake.receive(Self.greeting) == .send(Self.flagsAndGo))
        #expect(try handshake.receive(Self.goReplies) == .finished(Self.expected))
        #expect(Self.expected.isReadOnly)
        #expect(Self.expected.kernelBlockSize == 512)
    }

    @Test func goHappyPathOneByteAtATime() throws {
        var handshake = try self.handshake()
        #expect(try handshake.receiveByteByByte(Self.greeting) == .send(Self.flagsAndGo))
        #expect(try handshake.receiveByteByByte(Self.goReplies) == .finished(Self.expected))
    }

    @Test func withoutNoZeroesOnlyFixedNewstyleIsSent() throws {
        var handshake = try self.handshake()
        guard case .send(let bytes) = try handshake.receive(ServerBytes.greeting(flags: 0x0001)) else {
            Issue.record("no reply to the greeting")
            return
        }
        #expect(Array(bytes.prefix(4)) == [0, 0, 0, 1])
    }

    @Test func infoTypesItDoesNotKnowAreSkippedAndTheBlockSizeIsOptional() throws {
        var handshake = try afterGo()
        let name = ServerBytes.reply(type: 3, payload: [0, 1] + Array("amd64".utf8))
        let future = ServerBytes.reply(type: 3, payload: [0, 99, 1, 2, 3])
        let action = try handshake.receive(
            name + future + ServerBytes.infoExport(size: 4096, flags: 1)
                + ServerBytes.ack)
        #expect(action == .finished(NBDExportInfo(size: 4096, transmissionFlags: 1)))
    }

    @Test(arguments: [true, false])
    func fallsBackToExportNameOnErrUnsup(noZeroes: Bool) throws {
        var handshake = try afterGo(greeting: ServerBytes.greeting(flags: noZeroes ? 3 : 1))
        // NBD_REP_ERR_UNSUP to NBD_OPT_GO.
        let unsupported: [UInt8] = [
            0x00, 0x03, 0xe8, 0x89, 0x04, 0x55, 0x65, 0xa9, 0x00, 0x00, 0x00, 0x07, 0x80, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x00,
        ]
        // NBD_OPT_EXPORT_NAME "amd64".
        let exportName: [UInt8] = [
            0x49, 0x48, 0x41, 0x56, 0x45, 0x4f, 0x50, 0x54, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05,
            0x61, 0x6d, 0x64, 0x36, 0x34,
        ]
        #expect(try handshake.receive(unsupported) == .send(exportName))
        // Size 1 GiB, flags HAS_FLAGS | READ_ONLY, then 124 zeroes unless NO_ZEROES was agreed.
        let reply: [UInt8] =
            [0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x03]
            + [UInt8](repeating: 0, count: noZeroes ? 0 : 124)
        let expected = NBDExportInfo(size: 1 << 30, transmissionFlags: 3)
        #expect(try handshake.receiveByteByByte(reply) == .finished(expected))
    }

    @Test func errUnknownNamesTheExportAndTheServer() throws {
        var handshake = try afterGo()
        #expect {
            try handshake.receive(ServerBytes.error(6))
        } throws: { error in
            (error as? NBDClientError)?.message
                == "export 'amd64' not found on 10.0.0.1:10809 (NBD_REP_ERR_UNKNOWN)"
        }
    }

    @Test(arguments: [
        (
            UInt32(6), "no such export",
            "export 'amd64' not found on 10.0.0.1:10809 (NBD_REP_ERR_UNKNOWN: no such export)"
        ),
        (2, "", "10.0.0.1:10809 refused export 'amd64' (NBD_REP_ERR_POLICY)"),
        (5, "use TLS", "10.0.0.1:10809 refused export 'amd64' (NBD_REP_ERR_TLS_REQD: use TLS)"),
        (7, "bye\u{1b}[2J", "10.0.0.1:10809 refused export 'amd64' (NBD_REP_ERR_SHUTDOWN: bye?[2J)"),
        (0x55, "", "10.0.0.1:10809 refused export 'amd64' (NBD_REP_ERR 0x80000055)"),
    ])
    func errorRepliesBecomeOneReadableLine(type: UInt32, text: String, message: String) throws {
        var handshake = try afterGo()
        #expect {
            try handshake.receive(ServerBytes.error(type, text))
        } throws: { error in
            (error as? NBDClientError)?.message == message
        }
    }

    /// Malformed and hostile servers: each stream, fed after a good greeting unless it replaces it, must end in an
    /// error that says what was wrong.
    static let malformed: [(String, [UInt8], Bool, String)] = [
        ("wrong greeting magic", Array("HTTP/1.1 400 Bad Request\r\n".utf8), true, "is not an NBD server"),
        (
            "oldstyle server",
            Array(ServerBytes.greeting().prefix(8)) + [0, 0, 0x42, 0x02, 0x81, 0x86, 0x12, 0x53, 0, 0],
            true, "oldstyle"
        ),
        (
            "IHAVEOPT missing", Array(ServerBytes.greeting().prefix(8)) + [UInt8](repeating: 0xff, count: 10), true,
            "where IHAVEOPT belongs"
        ),
        ("no fixed newstyle", ServerBytes.greeting(flags: 0), true, "does not offer fixed newstyle"),
        ("bytes before the client's flags", ServerBytes.greeting() + [0], true, "unexpected bytes after the greeting"),
        ("wrong reply magic", ServerBytes.reply(type: 1, magic: 0x1122_3344_5566_7788), false, "option reply magic"),
        ("oversized reply", ServerBytes.reply(type: 3, length: 0xffff_ffff), false, "larger than the 65536"),
        ("reply just over the limit", ServerBytes.reply(type: 1 << 31 | 6, length: 65_537), false, "larger than"),
        (
            "short NBD_INFO_EXPORT", ServerBytes.reply(type: 3, payload: [0, 0, 1, 2, 3]), false,
            "NBD_INFO_EXPORT of 5 bytes"
        ),
        (
            "long NBD_INFO_EXPORT", ServerBytes.reply(type: 3, payload: [UInt8](repeating: 0, count: 13)), false,
            "NBD_INFO_EXPORT of 13 bytes"
        ),
        (
            "short NBD_INFO_BLOCK_SIZE", ServerBytes.reply(type: 3, payload: [0, 3, 0, 0, 2, 0]), false,
            "NBD_INFO_BLOCK_SIZE of 6 bytes"
        ),
        ("empty NBD_REP_INFO", ServerBytes.reply(type: 3, payload: [7]), false, "NBD_REP_INFO of 1 bytes"),
        ("ACK without NBD_INFO_EXPORT", ServerBytes.ack, false, "without NBD_INFO_EXPORT"),
        ("reply to another option", ServerBytes.reply(option: 3, type: 1), false, "answered option 3"),
        (
            "NBD_REP_SERVER to NBD_OPT_GO", ServerBytes.reply(type: 2, payload: [0, 0, 0, 0]), false,
            "answered NBD_OPT_GO with NBD_REP_SERVER"
        ),
        (
            "endless NBD_REP_INFO",
            Array(
                [[UInt8]](repeating: ServerBytes.reply(type: 3, payload: [0, 9]), count: 65)
                    .joined()), false, "more than 64 replies"
        ),
        (
            "bytes after the ACK", ServerBytes.infoExport(size: 512, flags: 3) + ServerBytes.ack + [0x67], false,
            "1 bytes after the handshake"
        ),
    ]

    @Test(arguments: malformed)
    func malformedRepliesAreErrors(name: String, stream: [UInt8], replacesGreeting: Bool, message: String) throws {
        var handshake = replacesGreeting ? try self.handshake() : try afterGo()
        do {
            _ = try handshake.receive(stream)
            Issue.record("\(name): no error")
        } catch {
            #expect(error.message.contains(message), "\(name): \(error.message)")
        }
        // A failed handshake stays failed.
        #expect(throws: NBDClientError.self) { try handshake.receive(ServerBytes.ack) }
    }

    @Test func anOversizedLengthIsRefusedBeforeItsPayloadArrives() throws {
        var handshake = try afterGo()
        // Only the 20-byte header: the client must not wait for (or buffer) 4 GiB.
        #expect(throws: NBDClientError.self) { try handshake.receive(ServerBytes.reply(type: 3, length: 0xffff_fff0)) }
    }

    /// Found by `scripts/fuzz nbd-client`: a reply the option reply reader refuses (here option 0, type 0x50063,
    /// length 16 MiB) ended the handshake with an error that did not say which server sent it, unlike every other
    /// handshake error that reaches the thin client's console.
    @Test func aReplyTheReaderRefusesNamesTheServer() throws {
        var handshake = try self.handshake("a/b c")
        guard case .send = try handshake.receive(Self.greeting) else {
            Issue.record("no NBD_OPT_GO after the greeting")
            return
        }
        let reply: [UInt8] = [
            0x00, 0x03, 0xe8, 0x89, 0x04, 0x55, 0x65, 0xa9, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x63,
            0x01, 0x02, 0x03, 0x00, 0x03, 0xe8, 0x89, 0x04, 0x55, 0x65, 0xa9, 0x00, 0x00, 0x00, 0x07, 0x80,
            0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x10, 0x6e, 0x6f, 0x20, 0x73, 0x75, 0x63, 0x68, 0x20, 0x65,
            0x78, 0x70, 0x6f, 0x72, 0x74, 0x0a, 0x01,
        ]
        #expect {
            try handshake.receive(reply)
        } throws: { error in
            (error as? NBDClientError)?.message == "10.0.0.1:10809 sent a bad reply to NBD_OPT_GO: reply type 327779 "
                + "of 16909056 bytes is larger than the 65536 this client accepts"
        }
    }

    /// Each message is fed in 7-byte pieces, then the server hangs up.
    @Test(
        arguments: [
            ([], "10.0.0.1:10809 closed the connection before the NBD greeting"),
            ([Array(greeting.prefix(11))], "10.0.0.1:10809 closed the connection after 11 bytes of the NBD greeting"),
            (
                [greeting, Array(goReplies.prefix(30))],
                "10.0.0.1:10809 closed the connection while answering NBD_OPT_GO for export 'amd64'"
            ),
            (
                [greeting, Array(goReplies.prefix(66))],
                "10.0.0.1:10809 closed the connection while answering NBD_OPT_GO for export 'amd64'"
            ),
            // After the fallback, with the export-name reply cut short.
            (
                [greeting, ServerBytes.error(1), [UInt8](repeating: 0, count: 9)],
                "export 'amd64' not found on 10.0.0.1:10809 (the server closed the connection after NBD_OPT_EXPORT_NAME)"
            ),
        ] as [([[UInt8]], String)])
    func truncatedStreamsNameTheStepWhenTheServerHangsUp(messages: [[UInt8]], message: String) throws {
        var handshake = try self.handshake()
        for var rest in messages {
            var action = NBDHandshakeAction.receiveMore
            while !rest.isEmpty {
                let count = min(rest.count, 7)
                action = try handshake.receive(Array(rest.prefix(count)))
                rest.removeFirst(count)
            }
            if case .finished = action { Issue.record("finished on a truncated stream") }
        }
        #expect(handshake.connectionEnded().message == message)
    }

    @Test func aTimeoutIsReportedWithTheStep() throws {
        let handshake = try self.handshake()
        #expect(
            handshake.connectionEnded("did not answer within 5 s").message
                == "10.0.0.1:10809 did not answer within 5 s before the NBD greeting")
    }

    @Test func exportNamesLongerThanNBDAllowsAreRefusedBeforeConnecting() {
        #expect(throws: NBDClientError.self) {
            try NBDClientHandshake(exportName: String(repeating: "x", count: 4097), server: Self.server)
        }
        #expect(throws: Never.self) {
            try NBDClientHandshake(exportName: String(repeating: "x", count: 4096), server: Self.server)
        }
    }
}
