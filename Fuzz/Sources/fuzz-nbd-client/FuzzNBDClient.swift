import FuzzSupport
import NBDClient
import NBDWire

// The NBD client handshake (`ltsp-nbd-attach`) against a hostile server: the server's bytes, in the pieces they
// arrive in, fed to `NBDClientHandshake`.
//
// Input: byte 0 picks the export name asked for; then records, each one read(2) from the server.
//
// Invariants: the client sends exactly the client flags and NBD_OPT_GO after the greeting, and exactly
// NBD_OPT_EXPORT_NAME after NBD_REP_ERR_UNSUP, each once and in that order; a finished handshake gives a kernel block
// size the kernel takes (a power of two, 512 to 4096); once finished or failed, more bytes are an error and nothing
// else is sent; every error names the server; an option reply's message is printable ASCII of at most 200 bytes.

private let server = "10.0.0.1:10809"
private let names = ["amd64", "", "a/b c", String(repeating: "x", count: NBDExportQuery.maximumNameLength)]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let name = names[Int(input.byte()) % names.count]
    guard var handshake = try? NBDClientHandshake(exportName: name, server: server) else {
        check(false, "a \(name.utf8.count)-byte export name is refused")
        return 0
    }
    let go = NBDClientMessage.go(exportName: name, information: [.blockSize]).bytes
    let flagsAndGo = [
        NBDClientMessage.clientFlags([.fixedNewstyle, .noZeroes]).bytes + go,
        NBDClientMessage.clientFlags(.fixedNewstyle).bytes + go,
    ]
    let exportName = NBDClientMessage.exportName(name).bytes
    var sent: [[UInt8]] = []
    var over = false
    var everything: [UInt8] = []

    while let piece = input.record() {
        everything += piece
        do {
            switch try handshake.receive(piece) {
            case .receiveMore:
                check(!over, "the handshake waits for more after it ended")
            case .send(let bytes):
                check(!over, "the handshake sends after it ended")
                sent.append(bytes)
                if sent.count == 1 {
                    check(flagsAndGo.contains(bytes), "after the greeting the client sent \(bytes)")
                } else {
                    check(sent.count == 2 && bytes == exportName, "message \(sent.count) sent: \(bytes)")
                }
            case .finished(let info):
                check(!over, "the handshake finished twice")
                check(!sent.isEmpty, "finished without sending NBD_OPT_GO")
                let block = info.kernelBlockSize
                check((512...4096).contains(block) && block & (block - 1) == 0, "kernel block size \(block)")
                over = true
            }
        } catch {
            check(
                error.description.contains(server) || error.description.contains("handshake"),
                "an error that does not name the server: \(error.description)")
            over = true
        }
    }
    if over {
        check((try? handshake.receive([0])) == nil, "a byte after the end of the handshake is accepted")
    }
    check(!handshake.connectionEnded().description.isEmpty, "no message for a closed connection")

    // The option reply reader on its own, over everything the server sent.
    var reader = NBDByteReader(everything)
    while let reply = try? NBDReceivedOptionReply.read(from: &reader) {
        let message = reply.message
        check(
            message.utf8.count <= 200 && message.utf8.allSatisfy { (0x20..<0x7F).contains($0) },
            "option reply message \(message.debugDescription)")
    }
    return 0
}
