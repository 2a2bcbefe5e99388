import LTSPConfig

/// `/etc/nftables.d/kiwi-ltsp.nft`: tables of our own, so the admin's ruleset is never edited.
///
/// - `table inet kiwi_ltsp`: accepts the boot and session services from the client interfaces. Its policy is
///   accept: in nftables a packet must pass every base chain of a hook, so these rules document and count what
///   clients need; they cannot open what another table drops (the admin's firewall must allow the same).
/// - `table ip kiwi_ltsp_nat` (NAT=yes): masquerades the client network out of NAT_IFACE.
///
/// The file first declares and deletes each table, so `nft -f` replaces them atomically and can run again.
/// AoE (EtherType 0x88A2) is not IP and never reaches an inet input hook; it is noted as a comment.
public enum NftablesRenderer {
    public static let path = "/etc/nftables.d/kiwi-ltsp.nft"
    public static let filterTable = "kiwi_ltsp"
    public static let natTable = "kiwi_ltsp_nat"

    public static func render(_ configuration: ServerConfiguration) -> String {
        let interfaces = "{ " + configuration.dhcpInterfaces.map { "\"\($0)\"" }.joined(separator: ", ") + " }"
        let network = configuration.clientNetwork.map { "\($0.networkAddress)/\($0.prefixLength)" }
        var lines = ["#!/usr/sbin/nft -f"] + GeneratedHeader.lines("nftables: KIWI-LTSP thin client services and NAT.")
        lines += [
            "",
            "table inet \(filterTable)",
            "delete table inet \(filterTable)",
            "table inet \(filterTable) {",
            "    chain input {",
            "        type filter hook input priority filter; policy accept;",
        ]
        let guardText = configuration.dhcpInterfaces.isEmpty ? "" : "iifname \(interfaces) "
        if configuration.dhcpMode != .off || configuration.bootServices == .dnsmasq {
            lines.append("        \(guardText)udp dport { 67, 4011 } accept comment \"DHCP, proxyDHCP\"")
        }
        lines.append("        \(guardText)udp dport \(configuration.tftpPort) accept comment \"TFTP\"")
        if configuration.bootServices == .dnsmasq {
            lines.append("        \(guardText)meta l4proto { tcp, udp } th dport 53 accept comment \"DNS\"")
        }
        switch configuration.rootType {
        case .nbd:
            lines.append("        \(guardText)tcp dport \(configuration.nbdPort) accept comment \"NBD root\"")
        case .nfs:
            lines.append(
                "        \(guardText)meta l4proto { tcp, udp } th dport { 111, 2049 } accept comment \"NFS root\"")
        case .aoe:
            lines.append(
                "        # AoE root: EtherType 0x88a2 frames on \(configuration.aoeInterface) are not IP; "
                    + "no inet rule applies")
        }
        lines.append("        \(guardText)tcp dport 22 accept comment \"ssh (ldm sessions)\"")
        lines.append(
            "        \(guardText)tcp dport \(configuration.ldminfoPort) accept comment \"ldminfo (ldm's server choice)\""
        )
        lines += ["    }"]
        if configuration.nat {
            lines += [
                "",
                "    chain forward {",
                "        type filter hook forward priority filter; policy accept;",
                "        \(guardText)oifname \"\(configuration.natInterface)\" accept comment \"clients out\"",
                "        iifname \"\(configuration.natInterface)\" \(configuration.dhcpInterfaces.isEmpty ? "" : "oifname \(interfaces) ")"
                    + "ct state established,related accept comment \"replies in\"",
                "    }",
            ]
        }
        lines.append("}")
        if configuration.nat {
            let source = network.map { "ip saddr \($0) " } ?? ""
            lines += [
                "",
                "table ip \(natTable)",
                "delete table ip \(natTable)",
                "table ip \(natTable) {",
                "    chain postrouting {",
                "        type nat hook postrouting priority srcnat; policy accept;",
                "        \(source)oifname \"\(configuration.natInterface)\" masquerade",
                "    }",
                "}",
            ]
        } else {
            lines += [
                "", "# NAT=no: no masquerading; remove the table an earlier run may have loaded.",
                "table ip \(natTable)", "delete table ip \(natTable)",
            ]
        }
        return lines.fileText
    }
}
