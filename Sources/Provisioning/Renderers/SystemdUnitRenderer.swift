import LTSPConfig

/// systemd units: `kiwi-ltsp.service` runs the built-in boot services (BOOT_SERVICES=builtin);
/// `kiwi-ltsp-vblade.service` exports the image over AoE with vblade (ROOT_TYPE=aoe with BOOT_SERVICES=dnsmasq;
/// `serve` has its own AoE target).
public enum SystemdUnitRenderer {
    public static let servePath = "/etc/systemd/system/kiwi-ltsp.service"
    public static let vbladePath = "/etc/systemd/system/kiwi-ltsp-vblade.service"

    /// `executable` is the kiwi-ltsp binary; `configPath` is passed when it is not the default file. `user` is
    /// SERVE_USER: the unit starts `serve` as that user with only the capabilities it uses (``hardening(user:)``).
    public static func serveUnit(
        executable: String, configPath: String = ConfigSchema.defaultPath,
        user: String = "kiwi-ltsp"
    ) -> String {
        let config = configPath == ConfigSchema.defaultPath ? "" : " --config \(configPath)"
        var lines = GeneratedHeader.lines("systemd: the KIWI-LTSP boot services (DHCP, TFTP, NBD, AoE).")
        lines +=
            [
                "[Unit]",
                "Description=KIWI-LTSP boot services for thin clients (DHCP, TFTP, NBD)",
                "Wants=network-online.target",
                "After=network-online.target",
                "",
                "[Service]",
                "Type=simple",
                "ExecStart=\(executable) serve\(config)",
                "Restart=on-failure",
                "RestartSec=2s",
            ] + hardening(user: user) + [
                "",
                "[Install]",
                "WantedBy=multi-user.target",
            ]
        return lines.fileText
    }

    /// The sandbox of `serve`: its own user (DynamicUser= uses SERVE_USER when it exists and makes it up for the
    /// service when not), CAP_NET_BIND_SERVICE for ports 67 and 69 and CAP_NET_RAW for router advertisements and
    /// nothing else, a read-only system with the state directory (leases, swap files) and the runtime directory
    /// (status socket) writable, and the system calls and address families a network service uses.
    static func hardening(user: String) -> [String] {
        let capabilities = "CAP_NET_BIND_SERVICE CAP_NET_RAW"
        let identity = user == "root" ? [] : ["User=\(user)", "DynamicUser=yes", "AmbientCapabilities=\(capabilities)"]
        return identity + [
            "CapabilityBoundingSet=\(capabilities)",
            "NoNewPrivileges=yes",
            "StateDirectory=kiwi-ltsp",
            "RuntimeDirectory=kiwi-ltsp",
            "UMask=0077",
            "ProtectSystem=strict",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "PrivateDevices=yes",
            "ProtectKernelTunables=yes",
            "ProtectKernelModules=yes",
            "ProtectKernelLogs=yes",
            "ProtectControlGroups=yes",
            "ProtectClock=yes",
            "ProtectHostname=yes",
            "ProtectProc=invisible",
            "RestrictNamespaces=yes",
            "RestrictRealtime=yes",
            "RestrictSUIDSGID=yes",
            "LockPersonality=yes",
            "MemoryDenyWriteExecute=yes",
            "RemoveIPC=yes",
            "PrivateMounts=yes",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK",
            "SystemCallArchitectures=native",
            "SystemCallFilter=@system-service",
            "SystemCallFilter=~@privileged @resources @obsolete",
            "SystemCallErrorNumber=EPERM",
        ]
    }

    /// vblade(8) `SHELF SLOT IFACE FILE`; `-r` exports read-only, as every client shares the image.
    public static func vbladeUnit(_ configuration: ServerConfiguration) -> String {
        var lines = GeneratedHeader.lines("systemd: the KIWI-LTSP root image over ATA over Ethernet (vblade).")
        lines += [
            "[Unit]",
            "Description=KIWI-LTSP root image over AoE (e\(configuration.aoeShelf).\(configuration.aoeSlot))",
            "Wants=network-online.target",
            "After=network-online.target",
            "",
            "[Service]",
            "Type=simple",
            "ExecStart=/usr/sbin/vblade -r \(configuration.aoeShelf) \(configuration.aoeSlot) "
                + "\(configuration.aoeInterface) \(configuration.imagePath)",
            "Restart=on-failure",
            "RestartSec=2s",
            "",
            "[Install]",
            "WantedBy=multi-user.target",
        ]
        return lines.fileText
    }
}
