import LTSPConfig

/// The iPXE script (IPXE_SCRIPT, `KIWI/boot.ipxe` by default): the same entries as the PXE menu. The kernel and
/// initrd come over HTTP from the built-in service when it runs (many times faster than lock-step TFTP), with TFTP
/// as the fallback. `initrd=initrd-ltsp` on the kernel line names the initrd for EFI kernels (the EFI stub finds no
/// initrd otherwise). `choose --timeout` is in milliseconds; with BOOT_MENU_TIMEOUT=0 the script goes straight to
/// the default entry and the menu shows only after a failure. `${netX/mac:hexhyp}` is the boot NIC's MAC.
public enum IPXEScriptRenderer {
    public static func render(_ configuration: ServerConfiguration, menu: BootMenu) -> String {
        let tftp = "tftp://\(configuration.serverText)"
        var lines = ["#!ipxe"] + GeneratedHeader.lines("KIWI-LTSP boot menu for iPXE clients.")
        lines.append("")
        if menu.timeoutSeconds == 0 { lines.append("goto \(menu.defaultEntry.id)") }
        lines += [
            ":start",
            "menu \(BootMenu.title)",
        ]
        lines += menu.entries.map { "item \($0.id) \($0.title)" }
        let timeout = menu.timeoutSeconds > 0 ? "--timeout \(menu.timeoutSeconds * 1000) " : ""
        lines += [
            "item \(BootMenu.localBootID) \(BootMenu.localBootTitle)",
            "choose \(timeout)--default \(menu.defaultEntry.id) target || set target \(menu.defaultEntry.id)",
            "goto ${target}",
        ]
        func fetch(_ command: String, _ path: String, _ arguments: String = "") -> String {
            let tail = arguments.isEmpty ? "" : " " + arguments
            guard let http = menu.httpBase else { return "\(command) \(tftp)/\(path)\(tail) || goto failed" }
            return "\(command) \(http)/\(path)\(tail) || \(command) \(tftp)/\(path)\(tail) || goto failed"
        }
        for entry in menu.entries {
            lines += [
                "",
                ":\(entry.id)",
                fetch(
                    "kernel", BootMenu.kernelPath,
                    "initrd=initrd-ltsp \(entry.commandLine) BOOTIF=01-${netX/mac:hexhyp}"),
                fetch("initrd", BootMenu.initrdPath),
                "boot || goto failed",
            ]
        }
        lines += [
            "",
            ":\(BootMenu.localBootID)",
            "echo Booting from the local disk",
            "exit",
            "",
            ":failed",
            "echo Boot failed; press a key to return to the menu",
            "prompt",
            "goto start",
        ]
        return lines.fileText
    }
}
