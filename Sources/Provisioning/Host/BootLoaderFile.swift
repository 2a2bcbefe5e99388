import LTSPConfig

/// A boot loader binary copied from the host's Debian package into TFTP_ROOT.
public struct BootLoaderFile: Equatable, Sendable {
    /// Path on the host (never under `--root`: the packages are installed on the machine that runs us).
    public var source: String
    /// Path relative to TFTP_ROOT.
    public var target: String
    /// The Debian package that ships `source`.
    public var package: String

    public init(source: String, target: String, package: String) {
        self.source = source
        self.target = target
        self.package = package
    }

    /// pxelinux (BIOS menu, `lpxelinux.0` fetches over TFTP/HTTP itself), its menu modules, and iPXE for UEFI and
    /// for BIOS clients chain-loaded to iPXE. ARM64 iPXE is not packaged for amd64 hosts; BOOT_FILE_ARM64 is
    /// the admin's to provide.
    public static let catalog: [BootLoaderFile] = {
        let pxelinux = "/usr/lib/PXELINUX", modules = "/usr/lib/syslinux/modules/bios", ipxe = "/usr/lib/ipxe"
        return ["pxelinux.0", "lpxelinux.0"].map {
            BootLoaderFile(
                source: "\(pxelinux)/\($0)", target: $0,
                package: "pxelinux")
        }
            + ["ldlinux.c32", "menu.c32", "libutil.c32", "libcom32.c32", "vesamenu.c32"].map {
                BootLoaderFile(source: "\(modules)/\($0)", target: $0, package: "syslinux-common")
            }
            + ["undionly.kpxe", "ipxe.efi", "snponly.efi"].map {
                BootLoaderFile(source: "\(ipxe)/\($0)", target: $0, package: "ipxe")
            }
    }()

    /// Debian's signed chain for Secure Boot clients (SECURE_BOOT), named as shim expects to find GRUB.
    public static let secureBoot = [
        BootLoaderFile(source: SecureBootFiles.shimSource, target: SecureBootFiles.shimTarget, package: "shim-signed"),
        BootLoaderFile(
            source: SecureBootFiles.grubSource, target: SecureBootFiles.grubTarget,
            package: "grub-efi-amd64-signed"),
    ]

    /// What `configure` installs for `configuration`.
    public static func catalog(for configuration: ServerConfiguration) -> [BootLoaderFile] {
        configuration.secureBoot ? catalog + secureBoot : catalog
    }
}

/// A boot loader's bytes, read from the host.
public struct BootLoaderImage: Equatable, Sendable {
    public var file: BootLoaderFile
    public var bytes: [UInt8]

    public init(file: BootLoaderFile, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
    }

    /// Reads every catalog file from the host; the first missing one throws naming its package.
    public static func loadCatalog(_ catalog: [BootLoaderFile] = BootLoaderFile.catalog)
        throws(ProvisioningError) -> [BootLoaderImage]
    {
        var images: [BootLoaderImage] = []
        for file in catalog {
            guard let bytes = try FileBytes.readIfExists(file.source) else {
                throw .missingBootLoader(path: file.source, package: file.package)
            }
            images.append(BootLoaderImage(file: file, bytes: bytes))
        }
        return images
    }
}
