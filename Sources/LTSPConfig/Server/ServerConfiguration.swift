import NetworkValues
import SystemSupport

public enum DHCPMode: String, CaseIterable, Sendable { case full, proxy, off }
public enum RootType: String, CaseIterable, Sendable { case nbd, aoe, nfs }
public enum BootServices: String, CaseIterable, Sendable { case builtin, dnsmasq }
public enum NFSServer: String, CaseIterable, Sendable { case kernel, ganesha }
public enum ImageProfile: String, CaseIterable, Sendable { case minimal, thin }

/// The typed server configuration: every value present, empties already derived.
/// Paths are as seen on the target system; resolve them under `RootDirectory` before touching the disk.
public struct ServerConfiguration: Equatable, Sendable {
    public var dhcpInterfaces: [String]
    /// `nil` only when no address could be found; the configuration then has an error.
    public var serverAddress: IPv4Address?
    /// The client network (the interface network that holds the server address), when known.
    public var clientNetwork: IPv4Network?
    public var dhcpMode: DHCPMode
    /// The pool, in full mode.
    public var dhcpRange: DHCPRange?
    public var reservations: [HostReservation]
    public var dnsServers: [IPv4Address]
    public var domain: String
    public var nat: Bool
    public var natInterface: String
    public var ipForward: Bool
    public var bootServices: BootServices
    public var rootType: RootType
    /// Which NFS server exports the chroot for ROOT_TYPE=nfs.
    public var nfsServer: NFSServer
    public var bootFileBIOS: String
    public var bootFileUEFI: String
    /// UEFI clients boot Debian's signed chain (shim, GRUB, the signed kernel).
    public var secureBoot: Bool
    public var bootFileARM64: String
    /// nil for `IPXE_SCRIPT="none"`: iPXE clients then get their firmware's boot file like any PXE client.
    public var ipxeScript: String?
    public var tftpRoot: String
    /// Addresses the TFTP server listens on (IPv4 or IPv6 text); SERVER_IP unless set.
    public var tftpListen: [String]
    public var tftpPort: UInt16
    public var nbdPort: UInt16
    /// Router advertisements (router lifetime 0) on DHCP_IFACES, so iPXE does not wait for an IPv6 router.
    public var routerAdvertisements: Bool
    /// TCP port of the HTTP service for boot files; 0 turns it off.
    public var httpPort: UInt16
    /// TCP port of the login servers' info service (ldminfod).
    public var ldminfoPort: UInt16
    /// MiB; 0 = no swap export.
    public var nbdSwapMiB: Int
    public var aoeInterface: String
    public var aoeShelf: UInt16
    public var aoeSlot: UInt8
    public var kernelOptions: String
    /// Seconds the boot menus wait before booting the default; 0 boots it at once.
    public var bootMenuTimeout: Int
    public var arch: String
    public var imageDirectory: String
    public var chrootDirectory: String
    public var imageDistribution: String
    public var imageMirror: String
    public var imageProfile: ImageProfile
    public var extraPackages: [String]
    /// EXTRA_ARCHES: client architectures served beside ARCH (amd64 or i386, never ARCH), each with its own image,
    /// kernel and initrd (see `imagePath(arch:)`); empty serves ARCH alone.
    public var extraArches: [String]
    /// The system user `serve` runs as once started; "root" keeps it root.
    public var serveUser: String
    public var limits: ServeLimits

    /// `<IMAGE_DIR>/<ARCH>.img`
    public var imagePath: String { imagePath(arch: arch) }
    /// Every client architecture served: ARCH first, then EXTRA_ARCHES.
    public var arches: [String] { [arch] + extraArches }
    /// `<TFTP_ROOT>/KIWI`
    public var bootFilesDirectory: String { "\(tftpRoot)/\(KiwiPaths.bootFolder)" }
    /// The router given to clients: this server when it masquerades for them.
    public var router: IPv4Address? { nat ? serverAddress : nil }
    /// Where leases and boot records are kept.
    public var stateDirectory: String { KiwiPaths.stateDirectory }
    /// `<TFTP_ROOT>/KIWI/lts.conf`
    public var ltsConfPath: String { "\(tftpRoot)/\(KiwiPaths.ltsConf)" }
}
