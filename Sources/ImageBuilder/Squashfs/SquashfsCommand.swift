/// The mksquashfs(1) run that packs the chroot into the image clients mount read-only. zstd: the kernel reads it
/// fast, and it packs a Debian tree to about a third.
public struct SquashfsCommand: Equatable, Sendable {
    public var source: String
    public var output: String
    /// Relative to `source`; files that must not be in the image (the kernel's own initramfs, apt caches).
    public var excludes: [String]
    public var compression: String = "zstd"

    public init(source: String, output: String, excludes: [String]) {
        self.source = source
        self.output = output
        self.excludes = excludes
    }

    public var arguments: [String] {
        var arguments = ["mksquashfs", source, output, "-noappend", "-comp", compression, "-wildcards"]
        if !excludes.isEmpty { arguments += ["-e"] + excludes }
        return arguments
    }

    /// What never belongs in a client image.
    public static let standardExcludes = [
        "boot/initrd.img*", "var/cache/apt/*.bin", "var/cache/apt/archives/*.deb", "var/lib/apt/lists/*_Packages",
    ]
}
