import Glibc
/// The fixed paths every part of kiwi-ltsp agrees on, spelled once: the server's state directory and what lives
/// there, and the boot files' places inside the TFTP root (which the thin client asks for by these names too).
public enum KiwiPaths {
    /// Leases, boot records, configure's backups and its record of derived values.
    public static let stateDirectory = "/var/lib/kiwi-ltsp"
    /// The files `configure` replaced, and its manifest (for `configure --undo`).
    public static let backupDirectory = "\(stateDirectory)/backup"
    /// What `configure` derived from the host (``DerivedRecord``).
    public static let derivedRecord = "\(stateDirectory)/derived.conf"
    /// `kiwi-ltsp demo`'s cached images and server tree.
    public static let demoDirectory = "\(stateDirectory)/demo"

    /// TFTP_ROOT's default: the boot files' tree.
    public static let tftpRoot = "/srv/tftpboot"
    /// IMAGE_DIR's default: where the squashfs images are published.
    public static let imageDirectory = "/srv/kiwi-ltsp"

    /// CHROOT_DIR's default: the client chroot of `arch`, which `image build` makes and packs.
    public static func chroot(arch: String) -> String { "/srv/kiwi-ltsp-nfs-\(arch)" }

    /// The boot files' folder inside the TFTP root.
    public static let bootFolder = "KIWI"
    /// lts.conf inside the TFTP root: where `configure` writes it and the clients fetch it.
    public static let ltsConf = "\(bootFolder)/lts.conf"
    /// The iPXE script inside the TFTP root (IPXE_SCRIPT's default).
    public static let ipxeScript = "\(bootFolder)/boot.ipxe"
    /// The client kernel and initrd inside the TFTP root, as `image build` publishes them and the menus load them.
    public static let kernel = "\(bootFolder)/linux-ltsp"
    public static let initrd = "\(bootFolder)/initrd-ltsp"
    /// The server's ssh host keys for the clients, beside lts.conf.
    public static let knownHosts = "\(bootFolder)/ssh_known_hosts"
}
