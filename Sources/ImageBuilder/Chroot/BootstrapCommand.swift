import LTSPConfig

/// The mmdebstrap(1) run that makes the chroot: the profile's packages, no documentation or translations (thin
/// clients have no use for them), apt's lists and caches cleaned.
public struct BootstrapCommand: Equatable, Sendable {
    public var distribution: String
    public var arch: String
    public var profile: ImageProfile
    public var extraPackages: [String]
    /// A mirror line or URL (`IMAGE_MIRROR` or the host's Debian mirror); nil lets mmdebstrap choose.
    public var mirror: String?
    /// Where the chroot is made; the build renames it into place afterwards.
    public var target: String

    public init(
        distribution: String, arch: String, profile: ImageProfile, extraPackages: [String],
        mirror: String?, target: String
    ) {
        self.distribution = distribution
        self.arch = arch
        self.profile = profile
        self.extraPackages = extraPackages
        self.mirror = mirror
        self.target = target
    }

    public static let pathExcludes = [
        "/usr/share/doc/*", "/usr/share/man/*", "/usr/share/info/*", "/usr/share/locale/*", "/usr/share/lintian/*",
    ]
    public static let pathIncludes = ["/usr/share/doc/*/copyright", "/usr/share/locale/locale.alias"]

    public var arguments: [String] {
        var arguments = [
            "mmdebstrap",
            "--variant=\(PackageSelection.variant(profile: profile))",
            "--architectures=\(arch)",
            "--include=\(PackageSelection.packages(profile: profile, arch: arch, extra: extraPackages).joined(separator: ","))",
            "--aptopt=Acquire::Languages \"none\"",
            "--aptopt=APT::Install-Recommends \"false\"",
        ]
        arguments += Self.pathExcludes.map { "--dpkgopt=path-exclude=\($0)" }
        arguments += Self.pathIncludes.map { "--dpkgopt=path-include=\($0)" }
        arguments += [distribution, target]
        if let mirror { arguments.append(mirror) }
        return arguments
    }
}
