import LTSPConfig

/// `TFTP_ROOT/grub/grub.cfg` for UEFI clients booted through GRUB's network image (grubnetx64.efi looks for
/// `$prefix/grub.cfg`: the Secure Boot chain shim → GRUB). The kernel and initrd come over HTTP from the built-in
/// service when it runs, else (or when GRUB's HTTP fails) over TFTP. GRUB has no hyphenated MAC, so BOOTIF carries
/// colons (`${net_default_mac}`), which the initrd accepts (see `KernelCommandLine`).
/// It boots ARCH only, EXTRA_ARCHES or not: GRUB picks no kernel by the CPU; iPXE does (see `IPXEScriptRenderer`).
public enum GRUBConfigRenderer {
    public static let path = "grub/grub.cfg"

    public static func render(_ configuration: ServerConfiguration, menu: BootMenu) -> String {
        let tftp = "(tftp,\(configuration.serverText))"
        let http = menu.httpBase.map { _ in "(http,\(configuration.serverText):\(configuration.httpPort))" }
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
            ]
            let arguments = "\(entry.commandLine) BOOTIF=01-${net_default_mac}"
            if let http {
                lines += [
                    "    if linux \(http)/\(BootMenu.kernelPath) \(arguments); then",
                    "        initrd \(http)/\(BootMenu.initrdPath)",
                    "    else",
                    "        linux \(tftp)/\(BootMenu.kernelPath) \(arguments)",
                    "        initrd \(tftp)/\(BootMenu.initrdPath)",
                    "    fi",
                ]
            } else {
                lines += [
                    "    linux \(tftp)/\(BootMenu.kernelPath) \(arguments)",
                    "    initrd \(tftp)/\(BootMenu.initrdPath)",
                ]
            }
            lines += [
                "}"
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
