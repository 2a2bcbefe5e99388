import LTSPConfig

/// The kernel command line of a thin client: the contract between the boot menus written here and the initrd
/// (`KIWI/initrd-ltsp`). Every menu (pxelinux, iPXE, GRUB) passes exactly these words, in this order:
///
/// 1. The root, by ROOT_TYPE:
///    - NBD: `root=/dev/nbd0 nbdroot=SERVER:PORT/EXPORT` — EXPORT is the client's architecture (`arch:`, ARCH unless
///      given; an EXTRA_ARCHES word for the other kernels iPXE boots), the export name of `<IMAGE_DIR>/<arch>.img`
///      (NBD fixed newstyle by name; the port is NBD_PORT, 10809 by default).
///    - AoE: `root=/dev/etherd/eSHELF.SLOT` — AOE_SHELF and AOE_SLOT. The initrd sends the AoE discover out of
///      the boot NIC (BOOTIF below). AOE_IFACE names the *server's* interface, which means nothing on the client,
///      so it is not passed.
///    - NFS: `root=/dev/nfs nfsroot=SERVER:CHROOT_DIR,ro` — the read-only export of the chroot (`,vers=4` with
///      NFS_SERVER=ganesha, which serves NFSv4 only).
/// 2. `ltsp.server=SERVER` — SERVER_IP: where lts.conf (TFTP `KIWI/lts.conf`), ssh and the root live.
/// 3. KERNEL_OPTIONS, verbatim.
/// 4. Appended by the boot loader, not by us: `BOOTIF=01-aa-bb-cc-dd-ee-ff` (pxelinux `IPAPPEND 2`, iPXE
///    `${netX/mac:hexhyp}`); GRUB can only give `BOOTIF=01-aa:bb:cc:dd:ee:ff` (`${net_default_mac}`), so the initrd
///    accepts `-` and `:` between the octets. iPXE also passes `initrd=initrd-ltsp` first (EFI stub kernels need it).
public enum KernelCommandLine {
    /// `arch`: the architecture whose NBD export the client attaches, ARCH when nil. AoE and NFS serve ARCH's root
    /// only, so their words do not depend on it.
    public static func words(
        for rootType: RootType, configuration: ServerConfiguration, arch: String? = nil
    ) -> [String] {
        let server = configuration.serverText
        var words: [String]
        switch rootType {
        case .nbd:
            let export = arch ?? configuration.arch
            words = ["root=/dev/nbd0", "nbdroot=\(server):\(configuration.nbdPort)/\(export)"]
        case .aoe:
            words = ["root=/dev/etherd/e\(configuration.aoeShelf).\(configuration.aoeSlot)"]
        case .nfs:
            // nfs-ganesha serves NFSv4 only; the kernel's server both (the initrd's busybox mounts v3 by itself).
            let version = configuration.nfsServer == .ganesha ? ",vers=4" : ""
            words = ["root=/dev/nfs", "nfsroot=\(server):\(configuration.chrootDirectory),ro\(version)"]
        }
        words.append("ltsp.server=\(server)")
        words += configuration.kernelOptions.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        return words
    }

    public static func text(for rootType: RootType, configuration: ServerConfiguration, arch: String? = nil) -> String {
        words(for: rootType, configuration: configuration, arch: arch).joined(separator: " ")
    }
}

extension ServerConfiguration {
    /// SERVER_IP as text; the planner refuses a configuration without one, so the placeholder never reaches a file.
    var serverText: String { serverAddress?.description ?? "SERVER_IP" }
}
