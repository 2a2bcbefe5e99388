import LTSPConfig

/// The iPXE script (IPXE_SCRIPT, `KIWI/boot.ipxe` by default): the same entries as the PXE menu, fetched by TFTP
/// from SERVER_IP. `choose --timeout` is in milliseconds; `${netX/mac:hexhyp}` is the boot NIC's MAC with hyphens.
public enum IPXEScriptRenderer {
    public static func render(_ configuration: ServerConfiguration, menu: BootMenu) -> String {
        let server = configuration.serverText
        let base = "tftp://\(server)"
        var lines = ["#!ipxe"] + GeneratedHeader.lines("KIWI-LTSP boot menu for iPXE clients.")
        lines += [
            "",
            ":start",
            "menu \(BootMenu.title)",
        ]
        lines += menu.entries.map { "item \($0.id) \($0.title)" }
        lines += [
            "item \(BootMenu.localBootID) \(BootMenu.localBootTitle)",
            "choose --timeout \(BootMenu.timeoutSeconds * 1000) --default \(menu.defaultEntry.id) target "
                + "|| set target \(menu.defaultEntry.id)",
            "goto ${target}",
        ]
        for entry in menu.entries {
            lines += [
                "",
                ":\(entry.id)",
                "kernel \(base)/\(BootMenu.kernelPath) initrd=initrd-ltsp \(entry.commandLine) "
                    + "BOOTIF=01-${netX/mac:hexhyp} || goto failed",
                "initrd \(base)/\(BootMenu.initrdPath) || goto failed",
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
