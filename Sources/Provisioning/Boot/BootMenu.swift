import LTSPConfig
import SystemSupport

/// What every boot menu offers: one entry per root type the server provides, the configured one first and default,
/// then local boot.
///
/// The server sets up the root service of ROOT_TYPE only (one image export), so by default the menu offers exactly
/// that root type: an entry for a root nobody serves would only hang a client. Callers that serve more pass them.
public struct BootMenu: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// Label/id in every menu: `ltsp-nbd`, `ltsp-aoe`, `ltsp-nfs`.
        public var id: String
        public var title: String
        public var rootType: RootType
        /// The kernel command line without BOOTIF (see `KernelCommandLine`).
        public var commandLine: String
    }

    public static let title = "KIWI-LTSP thin client"
    public static let localBootID = "local"
    public static let localBootTitle = "Boot from the local disk"
    /// Kernel and initrd, relative to TFTP_ROOT.
    public static let kernelPath = KiwiPaths.kernel
    public static let initrdPath = KiwiPaths.initrd

    public var entries: [Entry]
    /// Seconds the menus wait before booting the default entry (BOOT_MENU_TIMEOUT); 0: no menu on the way.
    public var timeoutSeconds: Int
    /// Where iPXE fetches the kernel and initrd first: the HTTP service (`http://SERVER:PORT`) when the built-in
    /// services run it, nil otherwise (TFTP only).
    public var httpBase: String?

    public init(configuration: ServerConfiguration, rootTypes: [RootType]? = nil) {
        var types = [configuration.rootType]
        for type in rootTypes ?? [] where !types.contains(type) { types.append(type) }
        timeoutSeconds = configuration.bootMenuTimeout
        httpBase =
            configuration.bootServices == .builtin && configuration.httpPort != 0
            ? "http://\(configuration.serverText):\(configuration.httpPort)" : nil
        entries = types.map { type in
            Entry(
                id: "ltsp-\(type.rawValue)", title: "KIWI-LTSP (\(Self.rootName(type)) root)", rootType: type,
                commandLine: KernelCommandLine.text(for: type, configuration: configuration))
        }
    }

    /// The default entry: the configured root type.
    public var defaultEntry: Entry { entries[0] }

    static func rootName(_ type: RootType) -> String {
        switch type {
        case .nbd: return "NBD"
        case .aoe: return "AoE"
        case .nfs: return "NFS"
        }
    }
}
