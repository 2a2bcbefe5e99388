import NetworkValues

extension ConfigurationBuilder {
    /// DHCP_IFACES: named interfaces must exist; empty picks the first up interface with a private IPv4 address.
    mutating func deriveInterfaces(_ interfaces: [NetworkInterface]) -> [String] {
        let names = words(text("DHCP_IFACES"))
        let available = interfaces.filter { !$0.isLoopback }.map { $0.name }
        if !names.isEmpty {
            for name in names where !interfaces.contains(where: { $0.name == name }) {
                let known = available.isEmpty ? "none" : available.joined(separator: ", ")
                error(line("DHCP_IFACES"), "DHCP_IFACES: interface \(name) does not exist (interfaces here: \(known))")
            }
            return names
        }
        guard let chosen = interfaces.first(where: { $0.isUp && !$0.isLoopback && $0.privateIPv4 != nil }),
            let network = chosen.privateIPv4
        else {
            if text("DHCP_MODE") != DHCPMode.off.rawValue || text("SERVER_IP").isEmpty {
                error(
                    line("DHCP_IFACES"),
                    "DHCP_IFACES is empty and no interface is up with a private IPv4 address; set DHCP_IFACES")
            }
            return []
        }
        derive("DHCP_IFACES", chosen.name, "first interface with a private IPv4 address (\(network))")
        return [chosen.name]
    }

    /// SERVER_IP: empty takes the address of the first client-facing interface.
    mutating func deriveServerAddress(_ interfaces: [NetworkInterface], dhcpInterfaces: [String])
        -> (IPv4Address?, IPv4Network?)
    {
        let facing = dhcpInterfaces.compactMap { name in interfaces.first { $0.name == name } }
        if let address = IPv4Address(text("SERVER_IP")) {
            let network = facing.lazy.flatMap { $0.ipv4 }.first { $0.address == address }
            if network == nil && !facing.isEmpty {
                warning(
                    line("SERVER_IP"),
                    "SERVER_IP \(address) is not an address of \(dhcpInterfaces.joined(separator: " "))")
            }
            return (address, network ?? interfaces.lazy.flatMap { $0.ipv4 }.first { $0.address == address })
        }
        for interface in facing {
            if let network = interface.privateIPv4 ?? interface.ipv4.first {
                derive("SERVER_IP", network.address.description, "address of \(interface.name) (\(network))")
                return (network.address, network)
            }
        }
        if !facing.isEmpty {
            error(
                line("DHCP_IFACES"),
                "\(dhcpInterfaces.joined(separator: " ")) has no IPv4 address; give it one or set SERVER_IP")
        }
        return (nil, nil)
    }

    /// DHCP_RANGE: only used in full mode; empty gives .20–.250 of the client network (clamped to its size).
    mutating func deriveRange(mode: DHCPMode, server: IPv4Address?, network: IPv4Network?) -> DHCPRange? {
        let written = text("DHCP_RANGE")
        guard mode == .full else {
            if !written.isEmpty {
                warning(line("DHCP_RANGE"), "DHCP_RANGE is ignored with DHCP_MODE=\(mode.rawValue)")
            }
            return nil
        }
        if case .success(let range)? = written.isEmpty ? nil : DHCPRange.parse(written) {
            if let network, !network.contains(range.start) || !network.contains(range.end) {
                error(
                    line("DHCP_RANGE"),
                    "DHCP_RANGE \(range.start)-\(range.end) is outside the client network \(network.networkAddress)/\(network.prefixLength)"
                )
            }
            if let server, range.start <= server && server <= range.end {
                warning(line("DHCP_RANGE"), "DHCP_RANGE holds SERVER_IP \(server); that address is never handed out")
            }
            return range
        }
        guard let network else { return nil }
        let base = network.networkAddress.value
        let lastHost = network.broadcastAddress.value &- 1
        let start = base &+ 20
        let end = min(base &+ 250, lastHost)
        guard network.prefixLength <= 30, start <= end else {
            error(line("DHCP_RANGE"), "the client network \(network) is too small for the default pool; set DHCP_RANGE")
            return nil
        }
        let range = DHCPRange(start: IPv4Address(start), end: IPv4Address(end))
        derive("DHCP_RANGE", range.description, ".20-.250 of \(network.networkAddress)/\(network.prefixLength)")
        return range
    }

    /// SECURE_BOOT: `auto` is on when Debian's signed shim and GRUB network image are installed under the root.
    mutating func deriveSecureBoot() -> Bool {
        switch text("SECURE_BOOT") {
        case "yes": return true
        case "no": return false
        default:
            // `auto` stays as written; BOOT_FILE_UEFI's derivation says which way it went.
            return SecureBootFiles.installed(root: root)
        }
    }

    /// DNS_SERVERS: empty takes the host's resolvers that clients can reach.
    mutating func deriveDNS() -> [IPv4Address] {
        let written = words(text("DNS_SERVERS")).compactMap { IPv4Address($0) }
        if !written.isEmpty { return written }
        let found = ResolverConfiguration.clientUsableNameservers(root: root)
        if found.isEmpty {
            warning(
                line("DNS_SERVERS"), "DNS_SERVERS is empty and resolv.conf names no usable server; clients get no DNS")
        } else {
            derive(
                "DNS_SERVERS", found.map { $0.description }.joined(separator: " "), "nameservers of /etc/resolv.conf")
        }
        return found
    }

    /// NAT_IFACE: empty takes the interface of the default route.
    mutating func deriveNATInterface(nat: Bool, dhcpInterfaces: [String]) {
        if text("NAT_IFACE").isEmpty {
            if let uplink = network.defaultRouteInterface() {
                derive("NAT_IFACE", uplink, "interface of the default route")
            } else if nat {
                warning(line("NAT"), "NAT=yes but there is no default route; set NAT_IFACE to the uplink")
                return
            }
        }
        let uplink = text("NAT_IFACE")
        if nat, dhcpInterfaces.contains(uplink) {
            warning(
                line("NAT_IFACE") ?? line("NAT"),
                "NAT_IFACE \(uplink) is also a client interface; masquerading needs a separate uplink")
        }
    }

    /// Reserved addresses must be in the client network and cannot be the server's own.
    mutating func checkReservations(network: IPv4Network?, server: IPv4Address?) {
        guard case .success(let reservations) = HostReservation.parseList(text("DHCP_RESERVATIONS")) else { return }
        for reservation in reservations {
            if let network, !network.contains(reservation.address) {
                error(
                    line("DHCP_RESERVATIONS"),
                    "DHCP_RESERVATIONS: \(reservation.address) for \(reservation.mac) is outside the client network \(network.networkAddress)/\(network.prefixLength)"
                )
            }
            if reservation.address == server {
                error(
                    line("DHCP_RESERVATIONS"), "DHCP_RESERVATIONS: \(reservation.address) is the server's own address")
            }
        }
    }
}
