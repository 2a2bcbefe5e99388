import LTSPConfig
import NetworkValues
import Provisioning
import SystemSupport

/// What goes on a boot medium, decided with no I/O: one hybrid image (grub-mkrescue: El Torito for BIOS and UEFI
/// CDs, a GPT/MBR hybrid for USB sticks) whose GRUB starts iPXE, which finds the server as a PXE client would (our
/// DHCP in full or proxy mode), or, with `--server`, goes to that server directly: iPXE (BIOS) runs a script that
/// chains the server's iPXE script over HTTP; GRUB (UEFI) loads the kernel and initrd over HTTP itself when the
/// firmware has the network card's driver running, and otherwise starts iPXE (its own drivers) to find the server
/// by DHCP.
public struct BootMediumPlan: Equatable, Sendable {
    public struct StagedFile: Equatable, Sendable {
        /// Path inside the medium.
        public var path: String
        /// Host file to copy, or nil when ``text`` is the content.
        public var source: String?
        public var text: String?
    }

    public static let ipxeBIOS = "/usr/lib/ipxe/ipxe.lkrn"
    /// ipxe.efi, not snponly.efi: booted from a CD or a stick, the firmware's loaded image is not the network card.
    public static let ipxeEFI = "/usr/lib/ipxe/ipxe.efi"

    public var files: [StagedFile]
    public var grubConfig: String

    /// `server`: the address baked in (`--server`); nil finds the server by DHCP.
    public init(configuration: ServerConfiguration, server: IPv4Address?) {
        var files = [
            StagedFile(path: "/kiwi/ipxe.lkrn", source: Self.ipxeBIOS, text: nil),
            StagedFile(path: "/kiwi/ipxe.efi", source: Self.ipxeEFI, text: nil),
        ]
        var lines = [
            "# kiwi-ltsp boot medium: iPXE finds the KIWI-LTSP server and boots from it.",
            "set timeout=\(configuration.bootMenuTimeout)",
            "set default=0",
            "",
            "menuentry 'KIWI-LTSP thin client' {",
            "    if [ \"$grub_platform\" = \"efi\" ]; then",
        ]
        if let server {
            var baked = configuration
            baked.serverAddress = server
            let http = "(http,\(server):\(configuration.httpPort))"
            let commandLine = KernelCommandLine.text(for: configuration.rootType, configuration: baked)
            lines += [
                "        insmod efinet",
                "        insmod http",
                "        if net_bootp; then",
                "            echo 'Loading the kernel from \(server) ...'",
                "            linux \(http)/\(BootMenu.kernelPath) \(commandLine) BOOTIF=01-${net_default_mac}",
                "            initrd \(http)/\(BootMenu.initrdPath)",
                "        else",
                "            chainloader /kiwi/ipxe.efi",
                "        fi",
                "    else",
                "        linux16 /kiwi/ipxe.lkrn",
                "        initrd16 /kiwi/server.ipxe",
            ]
            let script = [
                "#!ipxe", "# kiwi-ltsp boot medium: the server is \(server).", "dhcp",
                "chain http://\(server):\(configuration.httpPort)/\(configuration.ipxeScript ?? KiwiPaths.ipxeScript)"
                    + " || chain tftp://\(server)/\(configuration.ipxeScript ?? KiwiPaths.ipxeScript)",
            ]
            files.append(
                StagedFile(path: "/kiwi/server.ipxe", source: nil, text: script.joined(separator: "\n") + "\n"))
        } else {
            lines += [
                "        chainloader /kiwi/ipxe.efi",
                "    else",
                "        linux16 /kiwi/ipxe.lkrn",
            ]
        }
        lines += ["    fi", "}", ""]
        grubConfig = lines.joined(separator: "\n")
        files.append(StagedFile(path: "/boot/grub/grub.cfg", source: nil, text: grubConfig))
        self.files = files
    }

    /// grub-mkrescue's command line: the BIOS (i386-pc) and UEFI (x86_64-efi) GRUBs, the staged tree.
    public static func mkrescue(staging: String, output: String) -> [String] {
        ["grub-mkrescue", "-o", output, staging, "--", "-volid", "KIWI_LTSP"]
    }

    /// The tools and the Debian packages that carry them.
    public static let tools = [("grub-mkrescue", "grub-common"), ("xorriso", "xorriso"), ("mformat", "mtools")]
    /// GRUB's platform files grub-mkrescue puts on the medium.
    public static let platforms = [
        ("/usr/lib/grub/i386-pc", "grub-pc-bin"), ("/usr/lib/grub/x86_64-efi", "grub-efi-amd64-bin"),
    ]
}
