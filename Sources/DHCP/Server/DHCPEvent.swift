import Foundation
import NetworkValues

/// One thing the server did for a client, for the boot timeline and logs.
public struct DHCPEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case offer, ack, nak, release, decline, inform, proxyOffer, proxyAck
    }

    /// Lower-case `aa:bb:cc:dd:ee:ff`.
    public var mac: String
    public var kind: Kind
    public var address: IPv4Address?
    public var bootFile: String?
    /// A readable kind of client: "BIOS PXE", "UEFI x64", "iPXE", "UEFI HTTP x64", "DHCP client", ...
    public var firmware: String
    public var time: Date

    public init(mac: String, kind: Kind, address: IPv4Address?, bootFile: String?, firmware: String, time: Date) {
        self.mac = mac
        self.kind = kind
        self.address = address
        self.bootFile = bootFile
        self.firmware = firmware
        self.time = time
    }
}
