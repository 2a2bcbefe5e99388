import LTSPConfig

/// `/etc/exports.d/kiwi-ltsp.exports` (exports(5)) for ROOT_TYPE=nfs: the chroot, read-only, to the client network.
/// A file of our own in `/etc/exports.d` (read by `exportfs -a` like `/etc/exports`) keeps the admin's
/// `/etc/exports` untouched.
public enum NFSExportsRenderer {
    public static let path = "/etc/exports.d/kiwi-ltsp.exports"

    public static func render(_ configuration: ServerConfiguration) -> String {
        let clients = configuration.clientNetwork.map { "\($0.networkAddress)/\($0.prefixLength)" } ?? "*"
        var lines = GeneratedHeader.lines("NFS: the KIWI-LTSP client chroot as the clients' read-only root.")
        lines.append("\(configuration.chrootDirectory) \(clients)(ro,no_root_squash,async,no_subtree_check)")
        return lines.fileText
    }
}
