import NetworkValues

/// The interface the client booted from and its IPv4 address: the one whose MAC is the PXE `BOOTIF`, else the first
/// non-loopback interface that is up with an IPv4 address (the initramfs configured it before ltsp-client runs).
public struct BootInterface: Equatable, Sendable {
    public var name: String
    public var address: IPv4Network?
    public var mac: String?

    public init(name: String, address: IPv4Network?, mac: String?) {
        self.name = name
        self.address = address
        self.mac = mac
    }

    public static func choose(from interfaces: [NetworkInterface], bootMAC: String?) -> BootInterface? {
        let usable = interfaces.filter { $0.isUp && !$0.isLoopback }
        if let bootMAC, let match = usable.first(where: { $0.mac == bootMAC && !$0.ipv4.isEmpty }) {
            return BootInterface(match)
        }
        if let first = usable.first(where: { !$0.ipv4.isEmpty }) { return BootInterface(first) }
        if let bootMAC, let match = interfaces.first(where: { $0.mac == bootMAC }) { return BootInterface(match) }
        return nil
    }

    init(_ interface: NetworkInterface) {
        self.init(name: interface.name, address: interface.ipv4.first, mac: interface.mac)
    }
}
