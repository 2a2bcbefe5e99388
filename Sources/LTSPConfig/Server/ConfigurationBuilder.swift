import NetworkValues
import SystemSupport

/// The steps of loading: raw assignments → checked text values → typed values with derivations.
struct ConfigurationBuilder {
    let file: String
    let root: RootDirectory
    let network: any NetworkEnvironment
    var diagnostics: [ConfigDiagnostic] = []
    /// Effective text value and provenance of every schema variable.
    var values: [String: (text: String, provenance: Provenance)] = [:]

    init(file: String, root: RootDirectory, network: any NetworkEnvironment) {
        self.file = file
        self.root = root
        self.network = network
        for variable in ConfigSchema.variables {
            values[variable.name] = (variable.defaultValue, .defaultValue)
        }
    }

    mutating func error(_ line: Int?, _ message: String) {
        diagnostics.append(ConfigDiagnostic(.error, file: file, line: line, message))
    }

    mutating func warning(_ line: Int?, _ message: String) {
        diagnostics.append(ConfigDiagnostic(.warning, file: file, line: line, message))
    }

    /// The line that set `name`, for messages about it.
    func line(_ name: String) -> Int? {
        if case .file(_, let line)? = values[name]?.provenance { return line }
        return nil
    }

    func text(_ name: String) -> String { values[name]?.text ?? "" }

    mutating func derive(_ name: String, _ value: String, _ how: String) {
        values[name] = (value, .derived(how))
    }

    mutating func read(_ text: String) {
        let parsed = SysconfigParser().parse(text)
        for problem in parsed.errors { error(problem.line, problem.message) }
        var seen: [String: Int] = [:]
        for assignment in parsed.assignments {
            guard let variable = ConfigSchema.variable(named: assignment.key) else {
                let hint =
                    EditDistance.closest(to: assignment.key, in: ConfigSchema.names)
                    .map { "; did you mean \($0)?" } ?? ""
                warning(assignment.line, "unknown variable \(assignment.key)\(hint)")
                continue
            }
            if let earlier = seen[assignment.key] {
                warning(assignment.line, "\(assignment.key) was already set at line \(earlier); this value wins")
            }
            seen[assignment.key] = assignment.line
            let value = assignment.value.trimmed()
            if !value.isEmpty, let problem = variable.type.problem(with: value) {
                error(assignment.line, "\(variable.name)=\"\(value)\": \(problem)")
                continue
            }
            values[variable.name] = (value, .file(path: file, line: assignment.line))
        }
    }

    func settings() -> [ConfigSetting] {
        ConfigSchema.variables.map { variable in
            let entry = values[variable.name] ?? ("", .defaultValue)
            return ConfigSetting(name: variable.name, value: entry.text, provenance: entry.provenance)
        }
    }

    func choice<T: RawRepresentable>(_ name: String, _ fallback: T) -> T where T.RawValue == String {
        T(rawValue: text(name)) ?? fallback
    }

    func number<T: FixedWidthInteger>(_ name: String, _ fallback: T) -> T {
        Int(text(name)).flatMap { T(exactly: $0) } ?? fallback
    }

    func flag(_ name: String) -> Bool { YesNo.parse(text(name)) ?? false }

    mutating func build() -> ServerConfiguration {
        let interfaces = network.interfaces()
        let dhcpInterfaces = deriveInterfaces(interfaces)
        let (server, clientNetwork) = deriveServerAddress(interfaces, dhcpInterfaces: dhcpInterfaces)
        let mode: DHCPMode = choice("DHCP_MODE", .full)
        let range = deriveRange(mode: mode, server: server, network: clientNetwork)
        checkReservations(network: clientNetwork, server: server)
        let dns = deriveDNS()
        let nat = flag("NAT")
        deriveNATInterface(nat: nat, dhcpInterfaces: dhcpInterfaces)
        if text("AOE_IFACE").isEmpty, let first = dhcpInterfaces.first {
            derive("AOE_IFACE", first, "the first interface of DHCP_IFACES")
        }
        if text("TFTP_LISTEN").isEmpty, let server {
            derive("TFTP_LISTEN", server.description, "SERVER_IP")
        }
        let secureBoot = deriveSecureBoot()
        if text("BOOT_FILE_UEFI").isEmpty {
            derive(
                "BOOT_FILE_UEFI", secureBoot ? SecureBootFiles.shimTarget : "snponly.efi",
                secureBoot
                    ? "SECURE_BOOT: Debian's signed shim (shim-signed and grub-efi-amd64-signed installed)"
                    : "iPXE on the firmware's network driver (SECURE_BOOT off or its packages missing)")
        }
        if text("IPXE_SCRIPT") == "none" {
            for name in ["BOOT_FILE_UEFI", "BOOT_FILE_ARM64"] where Self.isIPXE(text(name)) {
                warning(
                    line("IPXE_SCRIPT"),
                    "IPXE_SCRIPT=none and \(name)=\(text(name)): UEFI clients would load "
                        + "iPXE again and again; give \(name) a loader that is not iPXE, or keep an iPXE script")
            }
        }
        if text("BOOT_MENU_TIMEOUT").isEmpty {
            derive("BOOT_MENU_TIMEOUT", "0", "0: the menu has one boot entry (ROOT_TYPE); nothing to choose")
        }
        let arch = text("ARCH")
        if text("CHROOT_DIR").isEmpty {
            derive("CHROOT_DIR", KiwiPaths.chroot(arch: arch), "from ARCH")
        }
        let extraArches = deriveExtraArches(arch: arch)
        return ServerConfiguration(
            dhcpInterfaces: dhcpInterfaces, serverAddress: server, clientNetwork: clientNetwork, dhcpMode: mode,
            dhcpRange: range, reservations: (try? HostReservation.parseList(text("DHCP_RESERVATIONS")).get()) ?? [],
            dnsServers: dns, domain: text("DOMAIN"), nat: nat, natInterface: text("NAT_IFACE"),
            ipForward: flag("IP_FORWARD"), bootServices: choice("BOOT_SERVICES", .builtin),
            rootType: choice("ROOT_TYPE", .nbd), nfsServer: choice("NFS_SERVER", .kernel),
            bootFileBIOS: text("BOOT_FILE_BIOS"),
            bootFileUEFI: text("BOOT_FILE_UEFI"), secureBoot: secureBoot, bootFileARM64: text("BOOT_FILE_ARM64"),
            ipxeScript: text("IPXE_SCRIPT") == "none" ? nil : text("IPXE_SCRIPT"), tftpRoot: text("TFTP_ROOT"),
            tftpListen: words(text("TFTP_LISTEN")), tftpPort: number("TFTP_PORT", 69),
            nbdPort: number("NBD_PORT", 10809), routerAdvertisements: flag("IPV6_RA"),
            httpPort: number("HTTP_PORT", 8069), ldminfoPort: number("LDMINFO_PORT", 9571),
            nbdSwapMiB: number("NBD_SWAP_SIZE", 256), aoeInterface: text("AOE_IFACE"), aoeShelf: number("AOE_SHELF", 0),
            aoeSlot: number("AOE_SLOT", 1), kernelOptions: text("KERNEL_OPTIONS"),
            bootMenuTimeout: number("BOOT_MENU_TIMEOUT", 0), arch: arch,
            imageDirectory: text("IMAGE_DIR"), chrootDirectory: text("CHROOT_DIR"),
            imageDistribution: text("IMAGE_DISTRIBUTION"), imageMirror: text("IMAGE_MIRROR"),
            imageProfile: choice("IMAGE_PROFILE", .thin), extraPackages: words(text("EXTRA_PACKAGES")),
            extraArches: extraArches, serveUser: text("SERVE_USER"),
            limits: ServeLimits(
                tftpMaxTransfers: number("TFTP_MAX_TRANSFERS", 1024),
                tftpMaxTransfersPerClient: number("TFTP_MAX_TRANSFERS_PER_CLIENT", 64),
                tftpBusyPoll: flag("TFTP_BUSY_POLL"),
                nbdMaxConnections: number("NBD_MAX_CONNECTIONS", 1024),
                nbdMaxSwapExports: number("NBD_MAX_SWAP_EXPORTS", 256)))
    }

    /// iPXE's own images: `ipxe.efi`, `snponly.efi`, `undionly.kpxe`, ... (for the IPXE_SCRIPT=none loop warning).
    static func isIPXE(_ file: String) -> Bool {
        let name = file.lowercased()
        return name.contains("ipxe") || name.hasPrefix("snp") || name.hasPrefix("undionly")
    }
}
