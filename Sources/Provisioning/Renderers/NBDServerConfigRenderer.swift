import LTSPConfig

/// `/etc/nbd-server/config` (nbd-server(5)) for BOOT_SERVICES=dnsmasq with ROOT_TYPE=nbd: one read-only export
/// named ARCH for `<IMAGE_DIR>/<ARCH>.img`, the name the kernel command line asks for.
public enum NBDServerConfigRenderer {
    public static let path = "/etc/nbd-server/config"

    public static func render(_ configuration: ServerConfiguration) -> String {
        var lines = GeneratedHeader.lines("nbd-server: the KIWI-LTSP root image, read-only.")
        lines += [
            "[generic]",
            "    user = nbd",
            "    group = nbd",
            "    port = \(configuration.nbdPort)",
            "",
            "[\(configuration.arch)]",
            "    exportname = \(configuration.imagePath)",
            "    readonly = true",
            "    multifile = false",
            "    copyonwrite = false",
        ]
        return lines.fileText
    }
}
