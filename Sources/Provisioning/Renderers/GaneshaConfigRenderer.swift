import LTSPConfig

/// `/etc/ganesha/ganesha.conf` for ROOT_TYPE=nfs with NFS_SERVER=ganesha: the chroot, read-only, over NFSv4 only
/// (no rpcbind, no mountd, no lock manager), to the client network. The export's NFSv4 pseudo path is the chroot's
/// path, so the clients' `nfsroot=SERVER:CHROOT_DIR` is the same as with the kernel's server. Graceless: after a
/// restart, clients reattach at once (a read-only export holds no state worth a grace period).
public enum GaneshaConfigRenderer {
    public static let path = "/etc/ganesha/ganesha.conf"

    public static func render(_ configuration: ServerConfiguration) -> String {
        let clients = configuration.clientNetwork.map { "\($0.networkAddress)/\($0.prefixLength)" } ?? "*"
        var lines = GeneratedHeader.lines("nfs-ganesha: the KIWI-LTSP client chroot as the clients' read-only root.")
        lines += [
            "NFS_CORE_PARAM {",
            "    Protocols = 4;",
            "    NFS_Port = 2049;",
            "    Enable_NLM = false;",
            "    Enable_RQUOTA = false;",
            "}",
            "",
            "NFSv4 {",
            "    Graceless = true;",
            "}",
            "",
            "EXPORT {",
            "    Export_Id = 1;",
            "    Path = \(configuration.chrootDirectory);",
            "    Pseudo = \(configuration.chrootDirectory);",
            "    Access_Type = None;",
            "    Squash = No_Root_Squash;",
            "    Protocols = 4;",
            "    Transports = TCP;",
            "    SecType = sys;",
            "    CLIENT {",
            "        Clients = \(clients);",
            "        Access_Type = RO;",
            "    }",
            "    FSAL {",
            "        Name = VFS;",
            "    }",
            "}",
        ]
        return lines.fileText
    }
}
