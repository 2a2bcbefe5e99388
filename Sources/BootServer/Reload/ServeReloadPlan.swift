import LTSPConfig
import NetworkValues

/// What a SIGHUP reload does with a new, valid configuration: which changes apply to the running services and which
/// wait for a restart. No I/O.
///
/// Values that the sockets or the server's identity depend on (interfaces, addresses, ports, modes) keep their
/// running value in ``effective``; everything else is taken from the new file.
public struct ServeReloadPlan: Equatable, Sendable {
    public struct Change: Equatable, Sendable, CustomStringConvertible {
        public var variable: String
        public var old: String
        public var new: String

        public var description: String { "\(variable) \(old.isEmpty ? "\"\"" : old) -> \(new.isEmpty ? "\"\"" : new)" }
    }

    /// The configuration to run with from now on.
    public var effective: ServerConfiguration
    /// Changes the running services take now.
    public var live: [Change] = []
    /// Changes that need `kiwi-ltsp serve` restarted; the running value stays.
    public var needsRestart: [Change] = []
    /// Changes that do not concern the boot services (image build, host setup).
    public var notServed: [Change] = []

    /// The services the live changes concern.
    public private(set) var servicesChanged: Set<BootService> = []

    /// Whether a live change concerns `service`.
    public func changes(_ service: BootService) -> Bool {
        servicesChanged.contains(service)
    }

    public var isEmpty: Bool { live.isEmpty && needsRestart.isEmpty && notServed.isEmpty }

    public init(running old: ServerConfiguration, new: ServerConfiguration) {
        effective = new
        func compare<Value: Equatable>(
            _ variable: String, _ path: WritableKeyPath<ServerConfiguration, Value>,
            _ kind: Kind, _ text: (Value) -> String
        ) {
            guard old[keyPath: path] != new[keyPath: path] else { return }
            let change = Change(variable: variable, old: text(old[keyPath: path]), new: text(new[keyPath: path]))
            switch kind {
            case .live(let service):
                live.append(change)
                servicesChanged.insert(service)
            case .restart:
                needsRestart.append(change)
                effective[keyPath: path] = old[keyPath: path]
            case .notServed: notServed.append(change)
            }
        }
        let list = { (values: [String]) in values.joined(separator: " ") }
        let addresses = { (values: [IPv4Address]) in values.map(\.description).joined(separator: " ") }
        compare("DHCP_IFACES", \.dhcpInterfaces, .restart, list)
        compare("SERVER_IP", \.serverAddress, .restart, { $0.map { "\($0)" } ?? "" })
        compare("network of DHCP_IFACES", \.clientNetwork, .restart, { $0.map { "\($0)" } ?? "" })
        compare("DHCP_MODE", \.dhcpMode, .restart, \.rawValue)
        compare("BOOT_SERVICES", \.bootServices, .restart, \.rawValue)
        compare("ROOT_TYPE", \.rootType, .restart, \.rawValue)
        compare("TFTP_LISTEN", \.tftpListen, .restart, list)
        compare("TFTP_PORT", \.tftpPort, .restart, \.description)
        compare("NBD_PORT", \.nbdPort, .restart, \.description)
        compare("LDMINFO_PORT", \.ldminfoPort, .restart, \.description)
        compare("HTTP_PORT", \.httpPort, .restart, \.description)
        compare("IPV6_RA", \.routerAdvertisements, .restart, { $0 ? "yes" : "no" })
        compare("SERVE_USER", \.serveUser, .restart, { $0 })
        compare("TFTP_MAX_TRANSFERS", \.limits.tftpMaxTransfers, .restart, \.description)
        compare("TFTP_MAX_TRANSFERS_PER_CLIENT", \.limits.tftpMaxTransfersPerClient, .restart, \.description)
        compare("TFTP_BUSY_POLL", \.limits.tftpBusyPoll, .restart, { $0 ? "yes" : "no" })
        compare("NBD_MAX_CONNECTIONS", \.limits.nbdMaxConnections, .restart, \.description)
        compare("NBD_MAX_SWAP_EXPORTS", \.limits.nbdMaxSwapExports, .restart, \.description)
        compare("DHCP_RANGE", \.dhcpRange, .live(.dhcp), { $0.map { "\($0)" } ?? "" })
        compare("DHCP_RESERVATIONS", \.reservations, .live(.dhcp)) { reservations in
            reservations.map { "\($0.mac),\($0.address)\($0.hostname.map { ",\($0)" } ?? "")" }.joined(separator: " ")
        }
        compare("DNS_SERVERS", \.dnsServers, .live(.dhcp), addresses)
        compare("DOMAIN", \.domain, .live(.dhcp), { $0 })
        compare("NAT", \.nat, .live(.dhcp), { $0 ? "yes" : "no" })
        compare("BOOT_FILE_BIOS", \.bootFileBIOS, .live(.dhcp), { $0 })
        compare("BOOT_FILE_UEFI", \.bootFileUEFI, .live(.dhcp), { $0 })
        compare("BOOT_FILE_ARM64", \.bootFileARM64, .live(.dhcp), { $0 })
        compare("IPXE_SCRIPT", \.ipxeScript, .live(.dhcp), { $0 ?? "none" })
        compare("TFTP_ROOT", \.tftpRoot, .live(.tftp), { $0 })
        compare("ARCH", \.arch, .live(.nbd), { $0 })
        compare("EXTRA_ARCHES", \.extraArches, .live(.nbd), list)
        compare("IMAGE_DIR", \.imageDirectory, .live(.nbd), { $0 })
        compare("IMAGE_DISTRIBUTION", \.imageDistribution, .live(.nbd), { $0 })
        compare("NBD_SWAP_SIZE", \.nbdSwapMiB, .live(.nbd), \.description)
        compare("NAT_IFACE", \.natInterface, .notServed, { $0 })
        compare("IP_FORWARD", \.ipForward, .notServed, { $0 ? "yes" : "no" })
        compare("AOE_IFACE", \.aoeInterface, .restart, { $0 })
        compare("AOE_SHELF", \.aoeShelf, .restart, \.description)
        compare("AOE_SLOT", \.aoeSlot, .restart, \.description)
        compare("NFS_SERVER", \.nfsServer, .notServed, \.rawValue)
        compare("KERNEL_OPTIONS", \.kernelOptions, .notServed, { $0 })
        compare("CHROOT_DIR", \.chrootDirectory, .notServed, { $0 })
        compare("IMAGE_MIRROR", \.imageMirror, .notServed, { $0 })
        compare("IMAGE_PROFILE", \.imageProfile, .notServed, \.rawValue)
        compare("EXTRA_PACKAGES", \.extraPackages, .notServed, list)
    }

    /// A live change names the service that takes it.
    private enum Kind { case live(BootService), restart, notServed }
}
