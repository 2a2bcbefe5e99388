import Foundation
import SystemSupport

/// One stage of one client's boot as the server saw it: a DHCP answer, a TFTP file, lts.conf, an NBD attach.
public struct BootEvent: Sendable, Hashable, Codable {
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
        case dhcpOffer = "dhcp-offer"
        case dhcpAck = "dhcp-ack"
        case dhcpNak = "dhcp-nak"
        case dhcpInform = "dhcp-inform"
        case dhcpRelease = "dhcp-release"
        case dhcpDecline = "dhcp-decline"
        /// Proxy mode (PXE 2.1 §2.2.2): boot information only, another server leases the address.
        case proxyOffer = "proxy-offer"
        case proxyAck = "proxy-ack"
        /// A file read over TFTP (completed or failed).
        case tftp
        /// A file read over HTTP (GET; an error status is kept as the error).
        case http
        /// `KIWI/lts.conf` read over TFTP: ltsp-client fetched its configuration.
        case ltsConf = "lts-conf"
        case nbdAttach = "nbd-attach"
        case nbdDetach = "nbd-detach"
        /// A client's first frame to the AoE target.
        case aoeAttach = "aoe-attach"
    }

    public var time: Date
    public var stage: Stage
    /// DHCP: the address handed out; TFTP and NBD: the client's address.
    public var address: String?
    /// DHCP: the kind of client from options 60/77/93 ("BIOS PXE", "UEFI x64", "iPXE", ...).
    public var firmware: String?
    /// DHCP: the boot file named in the answer.
    public var bootFile: String?
    /// TFTP: the file as the client asked for it.
    public var file: String?
    /// TFTP: bytes the client acknowledged; NBD detach: bytes read.
    public var bytes: Int64?
    /// TFTP: the transfer's duration; NBD detach: how long the client was attached.
    public var seconds: Double?
    /// NBD: the export's canonical name; AoE: the target, `e0.1`.
    public var export: String?
    /// TFTP: why the transfer failed.
    public var error: String?
    /// TFTP: `bytes / seconds` when the transfer took measurable time (kept so the JSON carries it).
    public var bytesPerSecond: Double?

    public init(
        time: Date, stage: Stage, address: String? = nil, firmware: String? = nil, bootFile: String? = nil,
        file: String? = nil, bytes: Int64? = nil, seconds: Double? = nil, export: String? = nil,
        error: String? = nil
    ) {
        self.time = time
        self.stage = stage
        self.address = address
        self.firmware = firmware
        self.bootFile = bootFile
        self.file = file
        self.bytes = bytes
        self.seconds = seconds
        self.export = export
        self.error = error
        if let bytes, let seconds, seconds > 0, stage == .tftp || stage == .ltsConf || stage == .http {
            self.bytesPerSecond = (Double(bytes) / seconds).rounded()
        }
    }

    /// The lts.conf path clients read (relative to the TFTP root).
    public static let ltsConfFile = KiwiPaths.ltsConf

    /// A TFTP read: `lts-conf` when it is `KIWI/lts.conf` and completed, `tftp` otherwise.
    public static func tftpRead(
        file: String, peer: String?, bytes: Int64, seconds: Double, error: String?,
        time: Date
    ) -> BootEvent {
        let isLTSConf = error == nil && normalizedTFTPName(file) == ltsConfFile
        return BootEvent(
            time: time, stage: isLTSConf ? .ltsConf : .tftp, address: peer, file: file, bytes: bytes,
            seconds: seconds, error: error)
    }

    /// TFTP names as clients send them: `/KIWI/lts.conf`, `KIWI//lts.conf` and `KIWI/lts.conf` are one file.
    static func normalizedTFTPName(_ name: String) -> String {
        name.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    /// What happened, in words: the text after `boot CLIENT: ` in the log, e.g.
    /// `tftp KIWI/linux-ltsp 8.0 MiB in 1.20 s (6.7 MiB/s)`.
    public var summary: String { "\(logLabel) \(detail)" }

    /// DHCP stages by their RFC 2131 message names (`DHCPACK`), the others by their stage name.
    var logLabel: String {
        switch stage {
        case .dhcpOffer: return "DHCPOFFER"
        case .dhcpAck: return "DHCPACK"
        case .dhcpNak: return "DHCPNAK"
        case .dhcpInform: return "DHCPACK (inform)"
        case .dhcpRelease: return "DHCPRELEASE"
        case .dhcpDecline: return "DHCPDECLINE"
        case .proxyOffer: return "proxy DHCPOFFER"
        case .proxyAck: return "proxy DHCPACK"
        case .tftp, .http, .ltsConf, .nbdAttach, .nbdDetach, .aoeAttach: return stage.rawValue
        }
    }

    /// ``summary`` without the stage: the status table's DETAIL column.
    public var detail: String {
        switch stage {
        case .dhcpOffer, .dhcpAck, .dhcpNak, .dhcpInform, .dhcpRelease, .dhcpDecline, .proxyOffer, .proxyAck:
            var words: [String] = []
            if let address { words.append(address) }
            if let firmware { words.append("(\(firmware))") }
            if let bootFile { words.append("boot \(bootFile)") }
            return words.joined(separator: " ")
        case .tftp, .http, .ltsConf:
            let amount = "\(Self.formatBytes(bytes ?? 0)) in \(Self.format(seconds ?? 0, decimals: 2)) s"
            let name = file ?? Self.ltsConfFile
            if let error { return "\(name) failed after \(amount): \(error)" }
            let rate = bytesPerSecond.map { " (\(Self.formatBytes(Int64($0)))/s)" } ?? ""
            return "\(name) \(amount)\(rate)" + (stage == .ltsConf ? ": ltsp-client fetched lts.conf" : "")
        case .nbdAttach, .aoeAttach:
            return (export ?? "?") + (address.map { " from \($0)" } ?? "")
        case .nbdDetach:
            return
                "\(export ?? "?") after \(Self.format(seconds ?? 0, decimals: 1)) s, \(Self.formatBytes(bytes ?? 0)) read"
        }
    }

    /// `312 B`, `4.5 KiB`, `8.0 MiB`, `1.2 GiB`.
    public static func formatBytes(_ bytes: Int64) -> String {
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        for unit in ["KiB", "MiB", "GiB"] {
            if value < 1024 || unit == "GiB" { return "\(format(value, decimals: 1)) \(unit)" }
            value /= 1024
        }
        return "\(bytes) B"
    }

    /// Fixed decimals (1 or 2) without Foundation's locale-dependent formatting.
    public static func format(_ value: Double, decimals: Int) -> String {
        let scale = decimals == 1 ? 10.0 : 100.0
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return "\(value)" }
        let whole = Int64(scaled) / Int64(scale)
        let fraction = abs(Int64(scaled) % Int64(scale))
        let padded = decimals == 2 && fraction < 10 ? "0\(fraction)" : "\(fraction)"
        return "\(scaled < 0 && whole == 0 ? "-" : "")\(whole).\(padded)"
    }
}
