import FuzzSupport
import NIOCore
import NetworkValues

@testable import DHCP

// The DHCP server as clients see it: a sequence of datagrams, each decoded (header, options, RFC 3396 long options,
// option 52 overload), classified by the boot policy (options 60, 77, 93, 175) and answered by a full-mode and a
// proxy-mode responder, whose lease state carries over from one datagram to the next.
//
// Input: records. A record's first byte is the port it arrives on (bit 0: 67 or the PXE port 4011) and how many
// minutes pass before it (bits 1-7); the rest is the datagram.
//
// Invariants: decode → encode → decode gives the same message, and encoding is at least 300 bytes; every reply
// encodes and decodes back to itself; an offered or acknowledged address is on the network, not the server's, the
// network or the broadcast address, and in the pool or reserved for that client; no address is acknowledged to a
// client while another holds it or it is declined; proxy mode never hands out an address.

private let server = IPv4Address("192.168.67.1")!
private let network = IPv4Network(address: server, prefixLength: 24)
private let pool = DHCPRange(
    start: IPv4Address("192.168.67.20")!, end: IPv4Address("192.168.67.30")!,
    leaseSeconds: 3600)
private let reservations = [
    DHCPReservation(mac: "52:54:00:12:34:56", address: IPv4Address("192.168.67.50")!, hostname: "pc50"),
    DHCPReservation(mac: "52:54:00:00:00:25", address: IPv4Address("192.168.67.25")!),
]

private func configuration(_ mode: DHCPServerConfiguration.Mode) -> DHCPServerConfiguration {
    DHCPServerConfiguration(
        mode: mode, interfaces: [], serverAddress: server, network: network, pool: mode == .full ? pool : nil,
        router: server, dnsServers: [server, IPv4Address("192.0.2.53")!], domain: "lab.test",
        reservations: mode == .full ? reservations : [],
        bootFiles: DHCPBootFiles(httpBaseURL: nil, httpBoot: true, ipxeScript: "KIWI/boot.ipxe"),
        probeForOtherServers: false, offerHoldSeconds: 30, declineHoldSeconds: 600)
}

/// What this harness knows about each address from the ACKs, releases and declines it saw.
private struct Holder {
    var client: DHCPClientKey
    var lease: DHCPLease
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    var full = DHCPResponder(configuration: configuration(.full))
    var proxy = DHCPResponder(configuration: configuration(.proxy))
    let policy = DHCPBootPolicy(files: full.configuration.bootFiles, serverAddress: server)
    var now: UInt64 = 1_700_000_000
    var holders: [UInt32: Holder] = [:]

    while let record = input.record() {
        let control = record.first ?? 0
        let port = control & 1 == 0 ? 67 : 4011
        now += UInt64(control >> 1) * 60
        guard let request = decodeAndRoundTrip(Array(record.dropFirst())) else { continue }
        _ = policy.answer(for: request.options)
        _ = request.options.userClasses
        _ = request.options.parameterRequestList

        let source = (address: request.clientAddress, port: 68)
        let answer = full.respond(to: request, localPort: port, source: source, now: now)
        checkReply(answer, to: request)
        if let reply = answer.reply, reply.yourAddress.value != 0 {
            checkAddress(reply.yourAddress, for: request)
            checkNotTaken(reply.yourAddress, by: request, holders: holders, now: now)
        }
        if let record = answer.record {
            switch answer.event {
            case .ack?:
                checkNotTaken(record.address, by: request, holders: holders, now: now)
                holders[record.address.value] = Holder(client: record.clientKey, lease: record)
            case .release?, .decline?:
                holders[record.address.value] = Holder(client: record.clientKey, lease: record)
            default:
                break
            }
        }

        let proxied = proxy.respond(to: request, localPort: port, source: source, now: now)
        checkReply(proxied, to: request)
        check(proxied.reply.map { $0.yourAddress.value == 0 } ?? true, "proxy mode handed out an address")
        check(proxied.record == nil, "proxy mode recorded a lease")
    }
    return 0
}

private func decodeAndRoundTrip(_ bytes: [UInt8]) -> DHCPMessage? {
    var buffer = ByteBuffer(bytes: bytes)
    guard let message = try? buffer.readDHCPMessage() else { return nil }
    var encoded = ByteBuffer()
    let written = encoded.writeDHCPMessage(message)
    check(written == encoded.readableBytes && written >= 300, "writeDHCPMessage said \(written)")
    let again = Result { try encoded.readDHCPMessage() }
    check((try? again.get()) == message, "round trip: \(message) gives \(again)")
    return message
}

private func checkReply(_ response: DHCPResponse, to request: DHCPMessage) {
    guard let reply = response.reply else { return }
    check(reply.operation == .bootReply && reply.transactionID == request.transactionID, "reply header")
    check(reply.messageType != nil, "reply without a message type")
    var encoded = ByteBuffer()
    encoded.writeDHCPMessage(reply)
    let again = Result { try encoded.readDHCPMessage() }
    check((try? again.get()) == reply, "reply \(reply) encodes to something that decodes as \(again)")
}

private func checkAddress(_ address: IPv4Address, for request: DHCPMessage) {
    check(network.contains(address), "\(address) is not on \(network)")
    check(
        address != server && address != network.networkAddress && address != network.broadcastAddress,
        "\(address) handed out")
    let mac = request.clientHardwareAddress
    let reserved = reservations.first { $0.address == address }
    if let reserved {
        check(DHCPHardwareAddress(reserved.mac) == mac, "\(address) is reserved for \(reserved.mac), given to \(mac)")
    } else {
        check(pool.start <= address && address <= pool.end, "\(address) is outside the pool and not reserved")
    }
}

private func checkNotTaken(_ address: IPv4Address, by request: DHCPMessage, holders: [UInt32: Holder], now: UInt64) {
    guard let holder = holders[address.value], holder.lease.isActive(at: now) else { return }
    let client = DHCPClientKey(
        hardwareAddress: request.clientHardwareAddress,
        clientIdentifier: request.options[.clientIdentifier])
    check(holder.lease.state == .bound, "\(address) handed out while it is declined until \(holder.lease.expiry ?? 0)")
    check(
        holder.client == client,
        "\(address) handed out to \(request.clientHardwareAddress) while "
            + "\(holder.lease.hardwareAddress) holds it until \(holder.lease.expiry ?? 0)")
}
