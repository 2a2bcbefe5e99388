import LTSPConfig

/// The iPXE script (IPXE_SCRIPT, `KIWI/boot.ipxe` by default): the same entries as the PXE menu. The kernel and
/// initrd come over HTTP from the built-in service when it runs (many times faster than lock-step TFTP), with TFTP
/// as the fallback. `initrd=initrd-ltsp` on the kernel line names the initrd for EFI kernels (the EFI stub finds no
/// initrd otherwise). `choose --timeout` is in milliseconds; with BOOT_MENU_TIMEOUT=0 the script goes straight to
/// the default entry and the menu shows only after a failure. `${netX/mac:hexhyp}` is the boot NIC's MAC.
///
/// With EXTRA_ARCHES an entry that boots several architectures first asks the CPU: `cpuid --ext 29` (the long mode
/// bit) succeeds on a 64-bit CPU, which goes to the entry's amd64 block (`ltsp-nbd-amd64`); any other CPU goes to
/// its i386 block. Each block loads that architecture's kernel and initrd with its command line.
public enum IPXEScriptRenderer {
    /// The CPUID extended feature bit of long mode (64-bit), as iPXE's `cpuid --ext` numbers it.
    static let longModeBit = 29

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
        func load(_ label: String, _ boot: BootMenu.ArchBoot) -> [String] {
            [
                "",
                ":\(label)",
                fetch(
                    "kernel", boot.kernelPath,
                    "initrd=initrd-ltsp \(boot.commandLine) BOOTIF=01-${netX/mac:hexhyp}"),
                fetch("initrd", boot.initrdPath),
                "boot || goto failed",
            ]
        }
        for entry in menu.entries {
            let boots = menu.boots(of: entry)
            guard boots.count > 1 else {
                lines += load(entry.id, boots[0])
                continue
            }
            let longMode = boots.first { $0.arch == "amd64" } ?? boots[0]
            let other = boots.first { $0.arch == "i386" } ?? boots[0]
            lines += [
                "",
                ":\(entry.id)",
                "cpuid --ext \(longModeBit) && goto \(entry.id)-\(longMode.arch) || goto \(entry.id)-\(other.arch)",
            ]
            for boot in boots { lines += load("\(entry.id)-\(boot.arch)", boot) }
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
