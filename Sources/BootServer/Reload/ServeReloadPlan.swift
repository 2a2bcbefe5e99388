import LTSPConfig

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

    /// Whether a live change concerns `service`.
    public func changes(_ service: BootService) -> Bool {
        let variables: Set<String>
        switch service {
        case .dhcp:
            variables = ["DHCP_RANGE", "DHCP_RESERVATIONS", "DNS_SERVERS", "DOMAIN", "NAT", "BOOT_FILE_BIOS",
                         "BOOT_FILE_UEFI", "BOOT_FILE_ARM64", "IPXE_SCRIPT"]
        case .tftp:
            variables = ["TFTP_ROOT"]
        case .nbd:
            variables = ["ARCH", "IMAGE_DIR", "IMAGE_DISTRIBUTION", "NBD_SWAP_SIZE"]
        }
        return live.contains { variables.contains($0.variable) }
    }

    public var isEmpty: Bool { live.isEmpty && needsRestart.isEmpty && notServed.isEmpty }

    public init(running old: ServerConfiguration, new: ServerConfiguration) {
        effective = new
        func compare<Value: Equatable>(_ variable: String, _ path: WritableKeyPath<ServerConfiguration, Value>,
                                       _ kind: Kind, _ text: (Value) -> String) {
            guard old[keyPath: path] != new[keyPath: path] else { return }
            let change = Change(variable: variable, old: text(old[keyPath: path]), new: text(new[keyPath: path]))
            switch kind {
            case .live: live.append(change)
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
        compare("DHCP_RANGE", \.dhcpRange, .live, { $0.map { "\($0)" } ?? "" })
        compare("DHCP_RESERVATIONS", \.reservations, .live) { reservations in
            reservations.map { "\($0.mac),\($0.address)\($0.hostname.map { ",\($0)" } ?? "")" }.joined(separator: " ")
        }
        compare("DNS_SERVERS", \.dnsServers, .live, addresses)
        compare("DOMAIN", \.domain, .live, { $0 })
        compare("NAT", \.nat, .live, { $0 ? "yes" : "no" })
        compare("BOOT_FILE_BIOS", \.bootFileBIOS, .live, { $0 })
        compare("BOOT_FILE_UEFI", \.bootFileUEFI, .live, { $0 })
        compare("BOOT_FILE_ARM64", \.bootFileARM64, .live, { $0 })
        compare("IPXE_SCRIPT", \.ipxeScript, .live, { $0 ?? "none" })
        compare("TFTP_ROOT", \.tftpRoot, .live, { $0 })
        compare("ARCH", \.arch, .live, { $0 })
        compare("IMAGE_DIR", \.imageDirectory, .live, { $0 })
        compare("IMAGE_DISTRIBUTION", \.imageDistribution, .live, { $0 })
        compare("NBD_SWAP_SIZE", \.nbdSwapMiB, .live, \.description)
        compare("NAT_IFACE", \.natInterface, .notServed, { $0 })
        compare("IP_FORWARD", \.ipForward, .notServed, { $0 ? "yes" : "no" })
        compare("AOE_IFACE", \.aoeInterface, .notServed, { $0 })
        compare("AOE_SHELF", \.aoeShelf, .notServed, \.description)
        compare("AOE_SLOT", \.aoeSlot, .notServed, \.description)
        compare("KERNEL_OPTIONS", \.kernelOptions, .notServed, { $0 })
        compare("CHROOT_DIR", \.chrootDirectory, .notServed, { $0 })
        compare("IMAGE_MIRROR", \.imageMirror, .notServed, { $0 })
        compare("IMAGE_PROFILE", \.imageProfile, .notServed, \.rawValue)
        compare("EXTRA_PACKAGES", \.extraPackages, .notServed, list)
    }

    private enum Kind { case live, restart, notServed }
}
