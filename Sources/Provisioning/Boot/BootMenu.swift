import LTSPConfig
import SystemSupport

/// What every boot menu offers: one entry per root type the server provides, the configured one first and default,
/// then local boot.
///
/// The server sets up the root service of ROOT_TYPE only (one image export), so by default the menu offers exactly
/// that root type: an entry for a root nobody serves would only hang a client. Callers that serve more pass them.
///
/// With EXTRA_ARCHES an NBD entry also boots the other architectures, each with its own kernel, initrd and export
/// (``boots(of:)``); only iPXE chooses among them, by the CPU. AoE and NFS serve ARCH's root only.
public struct BootMenu: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// Label/id in every menu: `ltsp-nbd`, `ltsp-aoe`, `ltsp-nfs`.
        public var id: String
        public var title: String
        public var rootType: RootType
        /// ARCH's kernel command line without BOOTIF (see `KernelCommandLine`).
        public var commandLine: String
        /// How the EXTRA_ARCHES architectures boot this entry, in their order; empty when every CPU boots ARCH.
        public var otherArches: [ArchBoot] = []
    }

    /// One architecture's way to boot an entry.
    public struct ArchBoot: Equatable, Sendable {
        public var arch: String
        /// Kernel and initrd, relative to TFTP_ROOT: `KIWI/linux-ltsp` for ARCH, `KIWI/<arch>/linux-ltsp` otherwise.
        public var kernelPath: String
        public var initrdPath: String
        /// The kernel command line without BOOTIF; its NBD export is `arch`.
        public var commandLine: String
    }

    public static let title = "KIWI-LTSP thin client"
    public static let localBootID = "local"
    public static let localBootTitle = "Boot from the local disk"
    /// Kernel and initrd, relative to TFTP_ROOT.
    public static let kernelPath = KiwiPaths.kernel
    public static let initrdPath = KiwiPaths.initrd

    public var entries: [Entry]
    /// ARCH: what every entry boots by default.
    public var arch: String
    /// Seconds the menus wait before booting the default entry (BOOT_MENU_TIMEOUT); 0: no menu on the way.
    public var timeoutSeconds: Int
    /// Where iPXE fetches the kernel and initrd first: the HTTP service (`http://SERVER:PORT`) when the built-in
    /// services run it, nil otherwise (TFTP only).
    public var httpBase: String?

    public init(configuration: ServerConfiguration, rootTypes: [RootType]? = nil) {
        var types = [configuration.rootType]
        for type in rootTypes ?? [] where !types.contains(type) { types.append(type) }
        timeoutSeconds = configuration.bootMenuTimeout
        arch = configuration.arch
        httpBase =
            configuration.bootServices == .builtin && configuration.httpPort != 0
            ? "http://\(configuration.serverText):\(configuration.httpPort)" : nil
        entries = types.map { type in
            Entry(
                id: "ltsp-\(type.rawValue)", title: "KIWI-LTSP (\(Self.rootName(type)) root)", rootType: type,
                commandLine: KernelCommandLine.text(for: type, configuration: configuration),
                otherArches: type != .nbd
                    ? []
                    : configuration.extraArches.map { arch in
                        ArchBoot(
                            arch: arch, kernelPath: configuration.kernelPath(arch: arch),
                            initrdPath: configuration.initrdPath(arch: arch),
                            commandLine: KernelCommandLine.text(for: type, configuration: configuration, arch: arch))
                    })
        }
    }

    /// The default entry: the configured root type.
    public var defaultEntry: Entry { entries[0] }

    /// Every architecture's boot of `entry`: ARCH's first, then ``Entry/otherArches``.
    public func boots(of entry: Entry) -> [ArchBoot] {
        let primary = ArchBoot(
            arch: arch, kernelPath: Self.kernelPath, initrdPath: Self.initrdPath, commandLine: entry.commandLine)
        return [primary] + entry.otherArches
    }

    static func rootName(_ type: RootType) -> String {
        switch type {
        case .nbd: return "NBD"
        case .aoe: return "AoE"
        case .nfs: return "NFS"
        }
    }
}
