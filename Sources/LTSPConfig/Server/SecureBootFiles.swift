import SystemSupport

/// Debian's signed UEFI boot chain for Secure Boot clients: shim (signed by Microsoft's UEFI CA, trusted by the
/// firmware) loads `grubx64.efi` from its own directory, here GRUB's signed network image, which reads
/// `grub/grub.cfg` from the server and boots Debian's signed kernel.
public enum SecureBootFiles {
    public static let shimSource = "/usr/lib/shim/shimx64.efi.signed"
    public static let grubSource = "/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed"
    /// Relative to TFTP_ROOT.
    public static let shimTarget = "shimx64.efi"
    public static let grubTarget = "grubx64.efi"

    public static func installed(root: RootDirectory) -> Bool {
        TextFile.exists(root.resolve(shimSource)) && TextFile.exists(root.resolve(grubSource))
    }
}
