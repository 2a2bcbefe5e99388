import FuzzSupport
import NIOCore
import TFTPWire
@testable import TFTP

// The TFTP server as a client sees it: the request datagram on port 69 (packet codec, file name rules, option
// negotiation), then the transfer's datagrams (ACK, DATA, ERROR, anything) and timer events fed to the read or write
// transfer state machine, with the blocks it asks for read as the server reads them (read-ahead, netascii).
//
// Input: byte 0 picks the file being served (size, content, whether it has CR and LF); then records. The first record
// is the request datagram. Each later record is one event: its first byte says which (datagram, timer fired late,
// timer fired early) and the rest is the datagram.
//
// Invariants: decode → encode → decode gives the same packet and the encoder reports the bytes it wrote; an accepted
// file name has no empty, ".", ".." or control-character component and stays under the root; negotiated parameters
// are inside the RFC and server limits and the OACK holds only options the client asked for, once each; the read
// transfer asks only for blocks 1...lastBlock, at most a window at a time, and every block reads back exactly as long
// as the transfer size says (else the server would report "file changed") with the right bytes; the write transfer
// stores blocks in order at the right offsets.

private let maxBlockSize = 65464
private let maxWindowSize = 64
private let maxTimeout = 5
private let maxRetransmits = 5

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let file = ServedFile.cached(input.byte())
    guard let requestBytes = input.record(), let packet = decodeAndRoundTrip(requestBytes) else { return 0 }
    let request: TFTPRequest
    let isRead: Bool
    switch packet {
    case .readRequest(let r): (request, isRead) = (r, true)
    case .writeRequest(let r): (request, isRead) = (r, false)
    default: return 0
    }
    checkFileName(request.fileName)

    let negotiator = TFTPOptionNegotiator(
        maxBlockSize: maxBlockSize, maxWindowSize: maxWindowSize,
        defaultTimeout: .seconds(1), maxTimeout: maxTimeout)
    if isRead {
        let transferSize = request.mode == .netascii ? file.netasciiSize : Int64(file.bytes.count)
        let parameters = negotiator.negotiate(request, direction: .read(transferSize: transferSize))
        checkParameters(parameters, request: request, read: true)
        runRead(request, file: file, transferSize: transferSize, parameters: parameters, input: &input)
    } else {
        let parameters = negotiator.negotiate(request, direction: .write)
        checkParameters(parameters, request: request, read: false)
        runWrite(parameters: parameters, input: &input)
    }
    return 0
}

/// Decodes one datagram; when it decodes, its encoding must decode to the same packet.
private func decodeAndRoundTrip(_ bytes: [UInt8]) -> TFTPServerPacket? {
    var buffer = ByteBuffer(bytes: bytes)
    guard let packet = try? buffer.readTFTPPacket() else { return nil }
    var encoded = ByteBuffer()
    let written = encoded.writeTFTPPacket(packet)
    check(written == encoded.readableBytes, "writeTFTPPacket said \(written) bytes, wrote \(encoded.readableBytes)")
    let again = Result { try encoded.readTFTPPacket() }
    check((try? again.get()) == packet, "round trip: \(packet) encoded then decoded gives \(again)")
    return packet
}

private func checkFileName(_ name: String) {
    guard let components = try? TFTPFileName.components(of: name) else { return }
    check(!components.isEmpty, "\(name.debugDescription) accepted as the root directory")
    check(name.utf8.count <= TFTPFileName.maxLength, "\(name.utf8.count)-byte name accepted")
    for component in components {
        let bytes = Array(component.utf8)
        check(
            !bytes.isEmpty && bytes != [0x2E] && bytes != [0x2E, 0x2E],
            "\(name.debugDescription) gives component \(component.debugDescription)")
        check(
            !bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0x2F || $0 == 0x5C },
            "\(name.debugDescription) gives component \(component.debugDescription)")
    }
}

private func checkParameters(_ parameters: TFTPTransferParameters, request: TFTPRequest, read: Bool) {
    check(
        TFTPOptionNegotiator.blockSizeRange.contains(parameters.blockSize) && parameters.blockSize <= maxBlockSize,
        "block size \(parameters.blockSize)")
    check((1...maxWindowSize).contains(parameters.windowSize), "window size \(parameters.windowSize)")
    check(read || parameters.windowSize == 1, "window size \(parameters.windowSize) for an upload")
    check(
        parameters.timeout > .zero && parameters.timeout <= .seconds(Int64(maxTimeout)),
        "timeout \(parameters.timeout)")
    var names = Set<String>()
    for option in parameters.acknowledgedOptions {
        check(names.insert(option.name).inserted, "OACK repeats \(option.name)")
        check(request.options.contains { $0.name == option.name }, "OACK has \(option.name), which was not asked")
        check(Int(option.value) != nil, "OACK value \(option.value.debugDescription) for \(option.name)")
        // curl refuses "tsize 0" in the OACK of a download (an upload's OACK echoes what the client sent).
        check(!read || option.name != TFTPOption.transferSizeName || option.value != "0", "OACK says tsize 0")
    }
    if parameters.acknowledgedOptions.isEmpty {
        check(parameters.blockSize == 512 && parameters.windowSize == 1, "options in effect without an OACK")
    }
}

// MARK: - Read transfer

private func runRead(
    _ request: TFTPRequest, file: ServedFile, transferSize: Int64,
    parameters: TFTPTransferParameters, input: inout FuzzInput
) {
    var machine = TFTPReadTransferStateMachine(
        transferSize: transferSize, parameters: parameters,
        maxRetransmits: maxRetransmits)
    let memory = TFTPMemoryFile(contents: ByteBuffer(bytes: file.bytes))
    var reader = TFTPReadAhead(
        reader: TFTPBlockReader(
            file: memory, mode: request.mode,
            windowSize: parameters.windowSize),
        blockSize: parameters.blockSize)
    let expected = request.mode == .netascii ? file.netascii : file.bytes
    check(Int64(expected.count) == transferSize, "transfer size \(transferSize) for \(expected.count) bytes")
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var acknowledged = 0

    func perform(_ action: TFTPReadTransferStateMachine.Action) {
        guard case .sendBlocks(let blocks, _) = action else { return }
        check(
            blocks.lowerBound >= 1 && blocks.upperBound <= machine.lastBlock,
            "blocks \(blocks) asked for, last block is \(machine.lastBlock)")
        check(
            blocks.count <= parameters.windowSize,
            "\(blocks.count) blocks sent in a window of \(parameters.windowSize)")
        check(blocks.lowerBound > acknowledged, "block \(blocks.lowerBound) sent again after ACK \(acknowledged)")
        for block in blocks {
            var buffer = ByteBuffer()
            let length: Int
            do {
                length = try reader.readBlock(block, blockSize: parameters.blockSize, into: &buffer)
            } catch {
                check(false, "block \(block) of \(machine.lastBlock) cannot be read: \(error)")
                return
            }
            let start = (block - 1) * parameters.blockSize
            let wanted = max(0, min(parameters.blockSize, expected.count - start))
            check(length == wanted, "block \(block) read \(length) bytes, the transfer size says \(wanted)")
            check(buffer.readableBytes == length, "block \(block) wrote \(buffer.readableBytes), said \(length)")
            check(
                Array(buffer.readableBytesView) == Array(expected[start..<start + wanted]),
                "block \(block) has the wrong bytes")
        }
    }

    perform(machine.start(now: now))
    while let event = input.record() {
        guard !machine.isFinished else { break }
        let action: TFTPReadTransferStateMachine.Action
        switch event.first ?? 0 {
        case 0:
            guard let packet = decodeAndRoundTrip(Array(event.dropFirst())) else { continue }
            switch packet {
            case .acknowledgement(let ack): action = machine.receiveAcknowledgement(block: ack.block, now: now)
            case .error(let error): action = machine.receiveError(error)
            default: continue
            }
        case 1:
            now = now + parameters.timeout
            action = machine.timeoutFired(now: now)
        default:
            now = now + .milliseconds(Int64(event.first ?? 0))
            action = machine.timeoutFired(now: now)
        }
        perform(action)
        if case .finish = action {
            check(machine.acknowledgedBlocks == machine.lastBlock, "finished before the last block was acknowledged")
        }
        if !machine.isFinished {
            check(
                machine.acknowledgedBlocks >= acknowledged,
                "acknowledged blocks went back from \(acknowledged) to \(machine.acknowledgedBlocks)")
            acknowledged = machine.acknowledgedBlocks
        }
    }
    if machine.isFinished {
        check(machine.timeoutFired(now: now + .seconds(3600)) == .none, "a finished transfer still acts on timers")
    }
}

// MARK: - Write transfer

private func runWrite(parameters: TFTPTransferParameters, input: inout FuzzInput) {
    var machine = TFTPWriteTransferStateMachine(parameters: parameters, maxRetransmits: maxRetransmits)
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var stored: Int64 = 0
    var lastBlock = 0
    _ = machine.start(now: now)
    while let event = input.record() {
        guard !machine.isFinished else { break }
        let action: TFTPWriteTransferStateMachine.Action
        switch event.first ?? 0 {
        case 0:
            guard let packet = decodeAndRoundTrip(Array(event.dropFirst())) else { continue }
            switch packet {
            case .data(let data):
                action = machine.receiveData(block: data.block, payloadLength: data.payload.readableBytes, now: now)
                if case .store(let block, let offset, let ack, let isLast, _) = action {
                    check(block == lastBlock + 1, "block \(block) stored after \(lastBlock)")
                    check(offset == stored, "block \(block) stored at \(offset), \(stored) bytes were stored before")
                    check(ack.block == data.block, "DATA \(data.block) acknowledged as \(ack.block)")
                    check(data.payload.readableBytes <= parameters.blockSize, "oversized block stored")
                    check(isLast == (data.payload.readableBytes < parameters.blockSize), "isLast is wrong")
                    stored += Int64(data.payload.readableBytes)
                    lastBlock = block
                }
            case .error(let error):
                action = machine.receiveError(error)
            default:
                continue
            }
        case 1:
            now = now + parameters.timeout
            action = machine.timeoutFired(now: now)
        default:
            now = now + .milliseconds(Int64(event.first ?? 0))
            action = machine.timeoutFired(now: now)
        }
        if case .sendAcknowledgement(let ack, _) = action {
            check(ack.block == UInt16(truncatingIfNeeded: lastBlock), "ACK \(ack.block) after block \(lastBlock)")
        }
    }
}

// MARK: - The file served

/// A file picked by one byte: sizes around block boundaries, with or without CR and LF (netascii doubles them).
private struct ServedFile {
    static let sizes = [0, 1, 7, 8, 511, 512, 513, 1024, 1467, 1468 * 3, 4096, 65464, 65537, 200_000]

    nonisolated(unsafe) private static var cache: [UInt8: ServedFile] = [:]

    static func cached(_ selector: UInt8) -> ServedFile {
        if let file = cache[selector] { return file }
        let file = ServedFile(selector: selector)
        cache[selector] = file
        return file
    }

    let bytes: [UInt8]
    let netascii: [UInt8]
    var netasciiSize: Int64 { Int64(self.netascii.count) }

    init(selector: UInt8) {
        let size = Self.sizes[Int(selector & 0x0F) % Self.sizes.count]
        let pattern: [UInt8]
        switch selector >> 4 {
        case 0: pattern = [0x61]
        case 1: pattern = [0x0D]
        case 2: pattern = [0x0A]
        case 3: pattern = [0x0D, 0x0A]
        case 4: pattern = [0x61, 0x0D]
        default:
            pattern = Array([0x41, 0x0A, 0x0D, 0x00, 0x0D, 0x42, 0x0A, 0x0A, 0x43].dropFirst(Int(selector >> 4) % 5))
        }
        self.bytes = (0..<size).map { pattern[$0 % pattern.count] }
        var converted: [UInt8] = []
        converted.reserveCapacity(size * 2)
        for byte in self.bytes {
            switch byte {
            case 0x0A: converted += [0x0D, 0x0A]
            case 0x0D: converted += [0x0D, 0x00]
            default: converted.append(byte)
            }
        }
        self.netascii = converted
        let file = TFTPMemoryFile(contents: ByteBuffer(bytes: self.bytes))
        let scanned = try? TFTPNetASCIIEncoder.convertedSize(of: file)
        check(
            scanned == Int64(converted.count),
            "netascii size \(String(describing: scanned)), converted \(converted.count)")
    }
}
