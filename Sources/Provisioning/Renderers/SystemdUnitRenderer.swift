import LTSPConfig

/// systemd units: `kiwi-ltsp.service` runs the built-in boot services (BOOT_SERVICES=builtin);
/// `kiwi-ltsp-vblade.service` exports the image over AoE with vblade (ROOT_TYPE=aoe: no built-in AoE server).
public enum SystemdUnitRenderer {
    public static let servePath = "/etc/systemd/system/kiwi-ltsp.service"
    public static let vbladePath = "/etc/systemd/system/kiwi-ltsp-vblade.service"

    /// `executable` is the kiwi-ltsp binary; `configPath` is passed when it is not the default file.
    public static func serveUnit(executable: String, configPath: String = ConfigSchema.defaultPath) -> String {
        let config = configPath == ConfigSchema.defaultPath ? "" : " --config \(configPath)"
        var lines = GeneratedHeader.lines("systemd: the KIWI-LTSP boot services (DHCP, TFTP, NBD).")
        lines += [
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
            "",
            "[Install]",
            "WantedBy=multi-user.target",
        ]
        return lines.fileText
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
