import LTSPConfig

/// The Debian packages of each image profile. `minimal` boots to `ltsp-client` with busybox init and is small
/// enough for tests; `thin` is what a lab runs: systemd, Xorg, the X session's client side, PulseAudio.
public enum PackageSelection {
    /// Always: the kernel (with a cheap initramfs tool to satisfy its dependency: the initrd is ours), busybox
    /// (static: it also goes into the initrd), kmod, and the ssh client ldm logs users in with.
    public static func base(arch: String) -> [String] {
        [kernelPackage(arch: arch), "tiny-initramfs", "busybox-static", "kmod", "openssh-client", "ca-certificates"]
    }

    public static let thinAdditions = [
        "systemd-sysv", "udev", "dbus", "iproute2", "procps", "less",
        "xserver-xorg-core", "xserver-xorg-input-libinput", "xserver-xorg-video-fbdev", "xserver-xorg-video-vesa",
        "xserver-xorg-video-qxl", "xserver-xorg-video-amdgpu", "xserver-xorg-video-intel", "xserver-xorg-video-nouveau",
        "xserver-xorg-video-ati", "x11-xserver-utils", "x11-xkb-utils", "xauth", "xinit", "xfonts-base",
        "libx11-6", "libxft2", "fonts-dejavu-core",
        "pulseaudio", "pulseaudio-utils", "alsa-utils", "libpam-systemd",
        "cups-client", "usbutils", "pciutils", "firmware-linux-free", "openssh-sftp-server",
    ]

    public static func packages(profile: ImageProfile, arch: String, extra: [String]) -> [String] {
        var packages = base(arch: arch)
        if profile == .thin { packages += thinAdditions }
        for package in extra where !packages.contains(package) { packages.append(package) }
        return packages
    }

    /// mmdebstrap's variant: `essential` has no init system (minimal brings busybox init), `minbase` adds apt.
    public static func variant(profile: ImageProfile) -> String {
        profile == .minimal ? "essential" : "minbase"
    }

    public static func kernelPackage(arch: String) -> String {
        switch arch {
        case "i386": "linux-image-686"
        case "arm64": "linux-image-arm64"
        default: "linux-image-amd64"
        }
    }

    /// The packages dpkg's status file (`/var/lib/dpkg/status`) lists as installed.
    public static func installed(status: String) -> Set<String> {
        var installed: Set<String> = []
        for stanza in status.split(separator: "\n\n", omittingEmptySubsequences: true) {
            var name: Substring?
            var isInstalled = false
            for line in stanza.split(separator: "\n") {
                if line.hasPrefix("Package: ") { name = line.dropFirst("Package: ".count) }
                if line.hasPrefix("Status: ") { isInstalled = line.hasSuffix(" installed") }
            }
            if let name, isInstalled { installed.insert(String(name)) }
        }
        return installed
    }
}
