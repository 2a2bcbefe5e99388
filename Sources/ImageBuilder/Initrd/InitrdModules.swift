/// The kernel modules `initrd-ltsp` carries: the root filesystems and transports of every ROOT_TYPE (so switching
/// ROOT_TYPE needs no rebuild) and the common wired network cards.
public enum InitrdModules {
    /// Without these the client cannot mount its root: a build fails when the kernel lacks one.
    public static let required = ["nbd", "squashfs", "overlay", "af_packet"]
    /// AoE and NFS roots; network cards. Missing ones are reported and left out.
    public static let optional = [
        "aoe", "nfs", "nfsv3", "nfsv4",
        "e1000", "e1000e", "igb", "igc", "ixgbe", "r8169", "8139too", "8139cp", "tg3", "bnx2", "bnxt_en", "sky2",
        "skge", "forcedeth", "atl1c", "atl1e", "alx", "pcnet32", "ne2k_pci", "via_rhine", "sis900", "b44", "e100",
        "virtio_pci", "virtio_net", "vmxnet3", "hv_netvsc", "xen_netfront",
    ]
}
