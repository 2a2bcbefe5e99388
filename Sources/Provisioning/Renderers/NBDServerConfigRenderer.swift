import LTSPConfig

/// `/etc/nbd-server/config` (nbd-server(5)) for BOOT_SERVICES=dnsmasq with ROOT_TYPE=nbd: one read-only export
/// named ARCH for `<IMAGE_DIR>/<ARCH>.img`, the name the kernel command line asks for, and one for each of
/// EXTRA_ARCHES (`<IMAGE_DIR>/<arch>.img` as `<arch>`).
public enum NBDServerConfigRenderer {
    public static let path = "/etc/nbd-server/config"

    public static func render(_ configuration: ServerConfiguration) -> String {
        var lines = GeneratedHeader.lines("nbd-server: the KIWI-LTSP root image, read-only.")
        lines += [
            "[generic]",
            "    user = nbd",
            "    group = nbd",
            "    port = \(configuration.nbdPort)",
        ]
        for arch in configuration.arches {
            lines += [
                "",
                "[\(arch)]",
                "    exportname = \(configuration.imagePath(arch: arch))",
                "    readonly = true",
                "    multifile = false",
                "    copyonwrite = false",
            ]
        }
        return lines.fileText
    }
}
