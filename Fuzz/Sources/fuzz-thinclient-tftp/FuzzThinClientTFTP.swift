import FuzzSupport
import NIOCore
import TFTP
import TFTPWire
import ThinClient

// The thin client's own TFTP codec and download state machine (`ltsp-client` fetching lts.conf) against a hostile
// server: each datagram decoded by `TFTPClientPacket(decoding:)` (TFTPWire's codec) and fed to `TFTPDownload`.
//
// Input: records; each is one event. Its first byte is the source port (0: the server's port 69, 1-3: transfer ports
// 1001-1003, 0xFF: no datagram, the retransmission timer fires), its second byte the tenths of a second that pass
// before it, and the rest the datagram.
//
// Invariants: decode → encode → decode gives the same packet; the server's ByteBuffer adapter (module TFTP) and the
// client's byte arrays decode every datagram to the same packet or fail the same way; every packet the client sends
// decodes back to itself and goes to the server port or the transfer's port (or answers a stray port with error 5);
// a download finishes or fails once, with at most `maximumSize` bytes, and is inert afterwards.

private var settings: TFTPDownload.Settings {
    var settings = TFTPDownload.Settings()
    settings.maximumSize = 64 << 10
    return settings
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    var download = TFTPDownload(filename: "KIWI/lts.conf", settings: settings)
    var now = Duration.zero
    var over = false
    var transferPort: UInt16?

    func perform(_ actions: [TFTPDownload.Action], from port: UInt16?) {
        var ended = 0
        for action in actions {
            switch action {
            case .send(let packet, let to):
                check(!over, "sent \(packet) after the download ended")
                check((try? TFTPClientPacket(decoding: packet.bytes)) == packet, "\(packet) does not round trip")
                switch packet {
                case .readRequest:
                    check(to == settings.serverPort, "request sent to port \(to)")
                case .error(let error) where error.code == .unknownTransferID:
                    check(to == port && to != transferPort, "error 5 sent to port \(to)")
                default:
                    if transferPort == nil { transferPort = to }
                    check(to == transferPort, "\(packet) sent to port \(to), the transfer is on \(transferPort ?? 0)")
                }
            case .finished(let bytes):
                check(bytes.count <= settings.maximumSize, "finished with \(bytes.count) bytes")
                ended += 1
            case .failed:
                ended += 1
            }
        }
        check(ended <= 1, "\(actions) ends the download more than once")
        if ended == 1 {
            check(download.isOver && download.deadline == nil, "ended, yet not over")
            check(!over, "ended twice")
            over = true
        }
    }

    perform(download.start(now: now), from: nil)
    while let event = input.record() {
        var bytes = event[...]
        let source = bytes.popFirst() ?? 0
        now += .milliseconds(100 * Int(bytes.popFirst() ?? 0))
        let datagram = Array(bytes)
        roundTripAndCompare(datagram)
        if source == 0xFF {
            perform(download.timeout(now: now), from: nil)
        } else {
            let port: UInt16 = source == 0 ? 69 : 1000 + UInt16(source % 4)
            perform(download.receive(datagram, fromPort: port, now: now), from: port)
        }
        if over {
            check(download.receive(datagram, fromPort: 1001, now: now).isEmpty, "a datagram acted on after the end")
        }
    }
    return 0
}

private func roundTripAndCompare(_ bytes: [UInt8]) {
    let client = Result { () throws(TFTPWireError) in try TFTPClientPacket(decoding: bytes) }
    if let packet = try? client.get() {
        let again = Result { () throws(TFTPWireError) in try TFTPClientPacket(decoding: packet.bytes) }
        check((try? again.get()) == packet, "round trip: \(packet) gives \(again)")
    }
    // Both sides decode with TFTPWire; their adapters (ByteBuffer slices, byte arrays) must agree on every datagram.
    var buffer = ByteBuffer(bytes: bytes)
    let server = Result { () throws(TFTPError) in try buffer.readTFTPPacket() }
    switch (server, client) {
    case (.success(let server), .success(let client)):
        let same = (try? server.mapPayload { Array($0.readableBytesView) }) == client
        check(same, "the server decodes \(server), the client \(client)")
    case (.failure(let server), .failure(let client)):
        check("\(server)" == "\(client)", "the server fails with \(server), the client with \(client)")
    default:
        check(false, "the server decodes \(server), the client \(client)")
    }
}
