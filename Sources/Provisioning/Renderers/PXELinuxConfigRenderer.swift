import LTSPConfig

/// `TFTP_ROOT/pxelinux.cfg/default`: the BIOS PXE menu (pxelinux/lpxelinux with `menu.c32`).
/// Paths are relative to TFTP_ROOT, where the loader lives. `TIMEOUT` is in tenths of a second; with
/// BOOT_MENU_TIMEOUT=0 there is no `UI` line, so pxelinux boots `DEFAULT` at once (with `UI`, `TIMEOUT 0` would wait
/// forever). `IPAPPEND 2` appends `BOOTIF=01-<mac>` (syslinux wiki, "SYSAPPEND").
/// It boots ARCH only, EXTRA_ARCHES or not: pxelinux picks no kernel by the CPU; iPXE does (see `IPXEScriptRenderer`).
public enum PXELinuxConfigRenderer {
    public static let path = "pxelinux.cfg/default"

    public static func render(_ configuration: ServerConfiguration, menu: BootMenu) -> String {
        var lines = GeneratedHeader.lines("KIWI-LTSP PXE boot menu for BIOS clients.")
        if menu.timeoutSeconds > 0 { lines.append("UI menu.c32") }
        lines += [
            "PROMPT 0",
            "TIMEOUT \(menu.timeoutSeconds * 10)",
            "MENU TITLE \(BootMenu.title)",
            "DEFAULT \(menu.defaultEntry.id)",
        ]
        for entry in menu.entries {
            lines += [
                "",
                "LABEL \(entry.id)",
                "    MENU LABEL \(entry.title)",
            ]
            if entry.id == menu.defaultEntry.id { lines.append("    MENU DEFAULT") }
            lines += [
                "    KERNEL \(BootMenu.kernelPath)",
                "    INITRD \(BootMenu.initrdPath)",
                "    APPEND \(entry.commandLine)",
                "    IPAPPEND 2",
            ]
        }
        lines += [
            "",
            "LABEL \(BootMenu.localBootID)",
            "    MENU LABEL \(BootMenu.localBootTitle)",
            "    LOCALBOOT 0",
        ]
        return lines.fileText
    }
}
