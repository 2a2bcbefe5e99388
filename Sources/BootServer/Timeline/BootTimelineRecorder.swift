import AoE
import DHCP
import Foundation
import HTTPFiles
import Logging
import NBD
import NIOCore
import NetworkValues
import Synchronization
import TFTP

/// Feeds the protocol servers' events into one ``BootTimeline`` and logs each as `boot CLIENT: ...`.
public final class BootTimelineRecorder: Sendable {
    private let timeline: Mutex<BootTimeline>
    private let logger: Logger

    public init(timeline: BootTimeline = BootTimeline(), logger: Logger) {
        self.timeline = Mutex(timeline)
        self.logger = logger
    }

    public var clients: [BootClientRecord] { timeline.withLock { $0.clients } }

    public func dhcp(_ event: DHCPEvent) {
        let stage: BootEvent.Stage
        switch event.kind {
        case .offer: stage = .dhcpOffer
        case .ack: stage = .dhcpAck
        case .nak: stage = .dhcpNak
        case .release: stage = .dhcpRelease
        case .decline: stage = .dhcpDecline
        case .inform: stage = .dhcpInform
        case .proxyOffer: stage = .proxyOffer
        case .proxyAck: stage = .proxyAck
        }
        let boot = BootEvent(
            time: event.time, stage: stage, address: event.address?.description,
            firmware: event.firmware, bootFile: event.bootFile)
        let key = timeline.withLock { $0.record(boot, mac: event.mac) }
        log(boot, key)
    }

    public func tftp(_ event: TFTPTransferEvent) {
        guard event.direction == .read else { return }
        var error: String?
        if case .failed(let reason) = event.outcome { error = reason }
        let peer = Self.peer(event.client)
        let boot = BootEvent.tftpRead(
            file: event.fileName, peer: peer, bytes: event.bytes,
            seconds: Self.seconds(event.duration), error: error, time: Date())
        let key = timeline.withLock { $0.record(boot, from: peer ?? "?") }
        log(boot, key)
    }

    /// GETs only: a HEAD (UEFI HTTP boot asks for the size first) is not a boot stage.
    public func http(_ event: HTTPTransferEvent) {
        guard event.method == "GET" else { return }
        let peer = event.client.flatMap(Self.peer)
        let error = event.status >= 400 ? "HTTP \(event.status)" : nil
        let boot = BootEvent(
            time: Date(), stage: .http, address: peer, file: event.fileName, bytes: event.bytes,
            seconds: Self.seconds(event.duration), error: error)
        let key = timeline.withLock { $0.record(boot, from: peer ?? "?") }
        log(boot, key)
    }

    public func nbd(_ event: NBDConnectionEvent) {
        let peer = event.clientAddress.flatMap(Self.peer)
        let boot: BootEvent
        switch event.kind {
        case .attached:
            boot = BootEvent(time: Date(), stage: .nbdAttach, address: peer, export: event.exportName)
        case .detached:
            boot = BootEvent(
                time: Date(), stage: .nbdDetach, address: peer, bytes: Int64(clamping: event.bytesRead),
                seconds: Self.seconds(event.duration), export: event.exportName)
        }
        let key = timeline.withLock { $0.record(boot, from: peer ?? "?") }
        log(boot, key)
    }

    /// AoE clients are known by MAC: the frames carry no IP address.
    public func aoe(_ event: AoEEvent) {
        let boot = BootEvent(time: Date(), stage: .aoeAttach, export: event.target)
        let key = timeline.withLock { $0.record(boot, mac: NetworkNames.macText(event.mac)) }
        log(boot, key)
    }

    private func log(_ event: BootEvent, _ client: String) {
        logger.info("boot \(client): \(event.summary)")
    }

    /// The peer's IPv4 address; an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as its IPv4 form.
    static func peer(_ address: SocketAddress) -> String? {
        guard let text = address.ipAddress else { return nil }
        let mapped = "::ffff:"
        if text.lowercased().hasPrefix(mapped), text.contains(".") { return String(text.dropFirst(mapped.count)) }
        return text
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
