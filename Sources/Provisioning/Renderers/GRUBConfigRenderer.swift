import LTSPConfig

/// `TFTP_ROOT/grub/grub.cfg` for UEFI clients booted through GRUB's network image (grubnetx64.efi looks for
/// `$prefix/grub.cfg`). Files are fetched from `(tftp,SERVER_IP)`; GRUB has no hyphenated MAC, so BOOTIF carries
/// colons (`${net_default_mac}`), which the initrd accepts (see `KernelCommandLine`).
public enum GRUBConfigRenderer {
    public static let path = "grub/grub.cfg"

    public static func render(_ configuration: ServerConfiguration, menu: BootMenu) -> String {
        let device = "(tftp,\(configuration.serverText))"
        var lines = GeneratedHeader.lines("KIWI-LTSP boot menu for UEFI clients booted through GRUB.")
        lines += [
            "set default=\(menu.defaultEntry.id)",
            "set timeout=\(menu.timeoutSeconds)",
        ]
        for entry in menu.entries {
            lines += [
                "",
                "menuentry '\(entry.title)' --id \(entry.id) {",
                "    echo 'Loading \(BootMenu.kernelPath) ...'",
                "    linux \(device)/\(BootMenu.kernelPath) \(entry.commandLine) BOOTIF=01-${net_default_mac}",
                "    initrd \(device)/\(BootMenu.initrdPath)",
                "}",
            ]
        }
        lines += [
            "",
            "menuentry '\(BootMenu.localBootTitle)' --id \(BootMenu.localBootID) {",
            "    exit",
            "}",
        ]
        return lines.fileText
    }
}
