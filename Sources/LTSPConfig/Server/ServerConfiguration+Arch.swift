import SystemSupport

/// Where each client architecture's files live. ARCH's keep the seed's places (`KIWI/linux-ltsp`,
/// `<IMAGE_DIR>/<ARCH>.img`, CHROOT_DIR); another architecture served beside it gets its own: `KIWI/<arch>/linux-ltsp`
/// and `initrd-ltsp`, `<IMAGE_DIR>/<arch>.img` and the chroot `kiwi-ltsp-nfs-<arch>` beside CHROOT_DIR.
extension ServerConfiguration {
    /// `<IMAGE_DIR>/<arch>.img`, exported over NBD as `<arch>`.
    public func imagePath(arch: String) -> String { "\(imageDirectory)/\(arch).img" }

    /// The kernel, relative to TFTP_ROOT.
    public func kernelPath(arch: String) -> String { bootFile(KiwiPaths.kernel, arch: arch) }

    /// The initrd, relative to TFTP_ROOT.
    public func initrdPath(arch: String) -> String { bootFile(KiwiPaths.initrd, arch: arch) }

    public func chrootDirectory(arch: String) -> String {
        guard arch != self.arch else { return chrootDirectory }
        return TextFile.parentDirectory(of: chrootDirectory) + "/" + TextFile.baseName(of: KiwiPaths.chroot(arch: arch))
    }

    private func bootFile(_ path: String, arch: String) -> String {
        guard arch != self.arch else { return path }
        return "\(KiwiPaths.bootFolder)/\(arch)/\(TextFile.baseName(of: path))"
    }
}
