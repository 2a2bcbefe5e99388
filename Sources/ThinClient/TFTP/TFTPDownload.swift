import TFTPWire

/// The thin client's packets hold a DATA payload as bytes of its own.
public typealias TFTPClientPacket = TFTPPacket<[UInt8]>

/// The client side of one TFTP read (RFC 1350 with RFC 2347/2348 blksize), as a pure state machine: every event
/// returns the actions to take, and time arrives as a parameter (time since an arbitrary start), so tests need no
/// sockets and no sleeping. The I/O glue is `TFTPClient`.
public struct TFTPDownload: Sendable {
    public struct Settings: Equatable, Sendable {
        /// RFC 2348: 1468 fills an Ethernet frame (1500 - 20 IP - 8 UDP - 4 TFTP).
        public var blockSize = 1468
        public var retransmitInterval: Duration = .seconds(1)
        /// The whole transfer, retries included, never takes longer: a boot must not hang on a dead server.
        public var overallLimit: Duration = .seconds(10)
        public var maximumSize = 4 << 20
        public var serverPort: UInt16 = 69

        public init() {}
    }

    public enum Action: Equatable, Sendable {
        case send(TFTPClientPacket, toPort: UInt16)
        case finished([UInt8])
        case failed(TFTPDownloadError)
    }

    private enum State: Equatable {
        case idle
        /// Waiting for the first answer, from any port of the server: it chooses the transfer ID (RFC 1350 §4).
        case requesting(withOptions: Bool)
        case receiving(port: UInt16, blockSize: Int, nextBlock: UInt16)
        case done
    }

    public let filename: String
    public let settings: Settings
    private var state = State.idle
    private var received: [UInt8] = []
    private var lastSent: (packet: TFTPClientPacket, port: UInt16)?
    private var startedAt: Duration = .zero
    private var lastSentAt: Duration = .zero

    public init(filename: String, settings: Settings = Settings()) {
        self.filename = filename
        self.settings = settings
    }

    /// When `timeout(now:)` is due, or nil once the transfer is over.
    public var deadline: Duration? {
        switch state {
        case .idle, .done: nil
        case .requesting, .receiving: min(lastSentAt + settings.retransmitInterval, startedAt + settings.overallLimit)
        }
    }

    /// True once the file arrived or the transfer failed.
    public var isOver: Bool { state == .done }

    public mutating func start(now: Duration) -> [Action] {
        guard state == .idle else { return [] }
        startedAt = now
        return request(withOptions: true, now: now)
    }

    /// A datagram from the server's address, `port` its source port.
    public mutating func receive(_ bytes: [UInt8], fromPort port: UInt16, now: Duration) -> [Action] {
        guard let packet = try? TFTPClientPacket(decoding: bytes) else { return [] }
        switch state {
        case .idle, .done:
            return []
        case .requesting(let withOptions):
            return firstAnswer(packet, fromPort: port, askedOptions: withOptions, now: now)
        case .receiving(let transferPort, let blockSize, let nextBlock):
            guard port == transferPort else {
                // RFC 1350 §4: a packet from another port is answered with error 5 and does not disturb the transfer.
                return [
                    .send(
                        .error(code: .unknownTransferID, message: "Unknown transfer ID"),
                        toPort: port)
                ]
            }
            return transfer(packet, port: port, blockSize: blockSize, nextBlock: nextBlock, now: now)
        }
    }

    /// No datagram before `deadline`: retransmit the last packet, or give up after the overall limit.
    public mutating func timeout(now: Duration) -> [Action] {
        switch state {
        case .idle, .done:
            return []
        case .requesting, .receiving:
            if now >= startedAt + settings.overallLimit { return fail(.timedOut(settings.overallLimit)) }
            guard now >= lastSentAt + settings.retransmitInterval, let lastSent else { return [] }
            return [send(lastSent.packet, to: lastSent.port, now: now)]
        }
    }

    private mutating func request(withOptions: Bool, now: Duration) -> [Action] {
        state = .requesting(withOptions: withOptions)
        let options = withOptions ? [TFTPOption(name: TFTPOption.blockSizeName, value: String(settings.blockSize))] : []
        return [
            send(
                .readRequest(TFTPRequest(fileName: filename, mode: .octet, options: options)), to: settings.serverPort,
                now: now)
        ]
    }

    private mutating func firstAnswer(
        _ packet: TFTPClientPacket, fromPort port: UInt16, askedOptions: Bool,
        now: Duration
    ) -> [Action] {
        switch packet {
        case .optionAcknowledgement(let oack):
            guard askedOptions else { return refuse("OACK to a request without options", port: port) }
            var blockSize = 512
            for option in oack.options {
                guard option.name == TFTPOption.blockSizeName else {
                    return refuse("\(option.name)=\(option.value)", port: port)
                }
                // RFC 2348: the server may lower the size, never raise it; 8 is the smallest allowed.
                guard let size = Int(option.value), (8...settings.blockSize).contains(size) else {
                    return refuse("blksize=\(option.value)", port: port)
                }
                blockSize = size
            }
            state = .receiving(port: port, blockSize: blockSize, nextBlock: 1)
            return [send(.acknowledgement(block: 0), to: port, now: now)]
        case .data(let data) where data.block == 1:
            // RFC 2347 §3: a server that ignores the options answers with DATA in the default 512-byte blocks.
            state = .receiving(port: port, blockSize: 512, nextBlock: 1)
            return transfer(packet, port: port, blockSize: 512, nextBlock: 1, now: now)
        case .error(let error) where error.code == .optionNegotiationFailed && askedOptions:
            // RFC 2347 §4: the server refused the options; ask again without them.
            return request(withOptions: false, now: now)
        case .error(let error):
            return fail(.server(code: error.code, message: error.message))
        case .readRequest, .writeRequest, .data, .acknowledgement:
            return []
        }
    }

    private mutating func transfer(
        _ packet: TFTPClientPacket, port: UInt16, blockSize: Int, nextBlock: UInt16,
        now: Duration
    ) -> [Action] {
        switch packet {
        case .data(let data) where data.block == nextBlock:
            received += data.payload.prefix(blockSize)
            guard received.count <= settings.maximumSize else {
                let limit = settings.maximumSize
                return [.send(.error(code: .diskFull, message: "File larger than \(limit) bytes"), toPort: port)]
                    + fail(.tooLarge(limit: limit))
            }
            let ack = send(.acknowledgement(block: data.block), to: port, now: now)
            guard data.payload.count >= blockSize else {
                state = .done
                return [ack, .finished(received)]
            }
            // RFC 1350 block numbers are 16 bits; large files wrap to 0 (the common rollover).
            state = .receiving(port: port, blockSize: blockSize, nextBlock: nextBlock &+ 1)
            return [ack]
        case .data(let data) where data.block == nextBlock &- 1:
            // Our ACK was lost and the server sent the block again: acknowledge it again.
            return [send(.acknowledgement(block: data.block), to: port, now: now)]
        case .optionAcknowledgement where nextBlock == 1:
            return [send(.acknowledgement(block: 0), to: port, now: now)]
        case .error(let error):
            return fail(.server(code: error.code, message: error.message))
        case .readRequest, .writeRequest, .data, .acknowledgement, .optionAcknowledgement:
            return []
        }
    }

    private mutating func send(_ packet: TFTPClientPacket, to port: UInt16, now: Duration) -> Action {
        lastSent = (packet, port)
        lastSentAt = now
        return .send(packet, toPort: port)
    }

    /// RFC 2347 §2: an unusable OACK is answered with error 8 and ends the transfer.
    private mutating func refuse(_ detail: String, port: UInt16) -> [Action] {
        [
            .send(
                .error(code: .optionNegotiationFailed, message: "Unacceptable option \(detail)"),
                toPort: port)
        ] + fail(.badOptionAcknowledgement(detail))
    }

    private mutating func fail(_ error: TFTPDownloadError) -> [Action] {
        state = .done
        return [.failed(error)]
    }
}
