import LTSPConfig

/// `/etc/dnsmasq.d/kiwi-ltsp.conf` for BOOT_SERVICES=dnsmasq: DHCP (full or proxy), DNS and TFTP for the clients,
/// as the seed's `kiwi-ltsp -c` set up. dnsmasq also answers DNS: it binds to the client interfaces only
/// (`bind-interfaces` + `interface=`) so it does not clash with a resolver on 127.0.0.53:53 (systemd-resolved).
public enum DnsmasqConfigRenderer {
    public static let path = "/etc/dnsmasq.d/kiwi-ltsp.conf"

    public static func render(_ configuration: ServerConfiguration) -> String {
        let server = configuration.serverText
        var lines = GeneratedHeader.lines("dnsmasq: DHCP, DNS and TFTP for the KIWI-LTSP thin clients.")
        lines += ["", "# Only the client interfaces, so a resolver elsewhere on port 53 keeps its port."]
        lines += configuration.dhcpInterfaces.map { "interface=\($0)" }
        lines.append("bind-interfaces")

        lines += ["", "# DNS: clients ask this server, which forwards to DNS_SERVERS."]
        if configuration.dnsServers.isEmpty {
            lines.append("# DNS_SERVERS is empty: forward to the servers of /etc/resolv.conf.")
        } else {
            lines.append("no-resolv")
            lines += configuration.dnsServers.map { "server=\($0)" }
        }
        if !configuration.domain.isEmpty {
            lines += ["domain=\(configuration.domain)", "local=/\(configuration.domain)/"]
        }

        lines += dhcpLines(configuration, server: server)

        lines += [
            "",
            "# TFTP: boot loaders, menus, kernel, initrd and lts.conf.",
            "enable-tftp",
            "tftp-root=\(configuration.tftpRoot)",
        ]
        if configuration.tftpPort != 69 {
            lines.append("# TFTP_PORT=\(configuration.tftpPort): dnsmasq serves TFTP on port 69 only")
        }
        return lines.fileText
    }

    static func dhcpLines(_ configuration: ServerConfiguration, server: String) -> [String] {
        let network = configuration.clientNetwork
        // IPXE_SCRIPT=none: iPXE is answered like its firmware, so the firmware lines lose their !ipxe tag.
        let notIPXE = configuration.ipxeScript == nil ? "" : "tag:!ipxe,"
        switch configuration.dhcpMode {
        case .off:
            return ["", "# DHCP_MODE=off: another DHCP server hands out addresses and boot files."]
        case .full:
            var lines = ["", "# DHCP (DHCP_MODE=full): addresses and boot information for the client network."]
            if let range = configuration.dhcpRange {
                let mask = network.map { ",\($0.netmask)" } ?? ""
                lines.append("dhcp-range=\(range.start),\(range.end)\(mask),\(range.leaseTimeText)")
            }
            lines.append("dhcp-authoritative")
            if let router = configuration.router { lines.append("dhcp-option=option:router,\(router)") }
            lines.append("dhcp-option=option:dns-server,\(server)")
            lines += configuration.reservations.map { reservation in
                "dhcp-host=\(reservation.mac),\(reservation.address)" + (reservation.hostname.map { ",\($0)" } ?? "")
            }
            lines += firmwareTags()
            lines += configuration.ipxeScript.map { ["dhcp-boot=tag:ipxe,\($0)"] } ?? []
            lines += [
                "dhcp-boot=\(notIPXE)tag:efi-x86_64,\(configuration.bootFileUEFI)",
                "dhcp-boot=\(notIPXE)tag:efi-arm64,\(configuration.bootFileARM64)",
                "dhcp-boot=\(notIPXE)tag:!efi-x86_64,tag:!efi-arm64,\(configuration.bootFileBIOS)",
            ]
            return lines
        case .proxy:
            var lines = [
                "", "# proxyDHCP (DHCP_MODE=proxy): the site's DHCP server hands out addresses; this server",
                "# answers PXE clients with boot information only.",
            ]
            lines.append("dhcp-range=\(network.map { "\($0.networkAddress)" } ?? server),proxy")
            lines += firmwareTags()
            lines += [
                "pxe-service=\(notIPXE)x86PC,\"\(BootMenu.title)\",\(configuration.bootFileBIOS)",
                "pxe-service=\(notIPXE)BC_EFI,\"\(BootMenu.title)\",\(configuration.bootFileUEFI)",
                "pxe-service=\(notIPXE)x86-64_EFI,\"\(BootMenu.title)\",\(configuration.bootFileUEFI)",
                "pxe-service=\(notIPXE)ARM64_EFI,\"\(BootMenu.title)\",\(configuration.bootFileARM64)",
            ]
            lines +=
                configuration.ipxeScript.map { script in
                    ["x86PC", "BC_EFI", "x86-64_EFI"].map {
                        "pxe-service=tag:ipxe,\($0),\"\(BootMenu.title)\",\(script)"
                    }
                } ?? []
            return lines
        }
    }

    /// RFC 4578 §2.1 client architecture (option 93): 7 and 9 are x86-64 UEFI, 11 ARM64 UEFI. iPXE sends user
    /// class `iPXE` (option 77) and gets the script instead of another iPXE binary, which breaks the loop.
    static func firmwareTags() -> [String] {
        [
            "dhcp-match=set:efi-x86_64,option:client-arch,7",
            "dhcp-match=set:efi-x86_64,option:client-arch,9",
            "dhcp-match=set:efi-arm64,option:client-arch,11",
            "dhcp-userclass=set:ipxe,iPXE",
        ]
    }
}
