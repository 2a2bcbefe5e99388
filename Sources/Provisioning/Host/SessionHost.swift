import Glibc
import SystemSupport

/// What the server has for desktop sessions, read under the root: `configure` warns about what is missing (it does
/// not install packages).
public struct SessionHost: Equatable, Sendable {
    /// `xauth`, which sshd runs for X11 forwarding.
    public var hasXauth: Bool
    /// The X sessions in /usr/share/xsessions (what the greeter offers).
    public var xsessions: [String]
    /// sshd_config's text, when there is one.
    public var sshdConfig: String?
    /// ALSA's pulse plugin, which routes the sessions' ALSA programs to the client's PulseAudio.
    public var hasPulseALSAPlugin: Bool
    /// sshfs, which shows the clients' USB sticks in the sessions.
    public var hasSSHFS: Bool
    /// The permission bits of `/dev/fuse`, when it exists: the users' sshfs needs it open to all (0666), as Debian
    /// makes it; a container's `/dev` may hand it over as 0600.
    public var fuseMode: mode_t?

    public static let fuseDevice = "/dev/fuse"

    public init(
        hasXauth: Bool, xsessions: [String], sshdConfig: String?, hasPulseALSAPlugin: Bool = true,
        hasSSHFS: Bool = true, fuseMode: mode_t? = nil
    ) {
        self.hasXauth = hasXauth
        self.xsessions = xsessions
        self.sshdConfig = sshdConfig
        self.hasPulseALSAPlugin = hasPulseALSAPlugin
        self.hasSSHFS = hasSSHFS
        self.fuseMode = fuseMode
    }

    public static func current(root: RootDirectory) -> SessionHost {
        SessionHost(
            hasXauth: access(root.resolve("/usr/bin/xauth"), X_OK) == 0,
            xsessions: DirectoryListing.names(in: root.resolve("/usr/share/xsessions"))
                .filter { $0.hasSuffix(".desktop") }.sorted(),
            sshdConfig: try? TextFile.read(root.resolve(SSHDConfigRenderer.mainConfigPath)),
            hasPulseALSAPlugin: ALSAConfigRenderer.pluginInstalled(root: root),
            hasSSHFS: access(root.resolve("/usr/bin/sshfs"), X_OK) == 0,
            fuseMode: deviceMode(root.resolve(fuseDevice)))
    }

    /// A character device's permission bits; nil when `path` is not one.
    static func deviceMode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFCHR else { return nil }
        return info.st_mode & 0o777
    }

    /// What an admin should know before clients log in here.
    public var warnings: [String] {
        var warnings: [String] = []
        if !hasXauth {
            warnings.append("xauth is not installed: sshd cannot forward X for the sessions (apt-get install xauth)")
        }
        if xsessions.isEmpty {
            warnings.append(
                "no X session in /usr/share/xsessions: users get Xsession's default session only (install "
                    + "a desktop, e.g. apt-get install xfce4)")
        }
        if let sshdConfig, !SSHDConfigRenderer.includesDropIns(mainConfig: sshdConfig) {
            warnings.append(
                "\(SSHDConfigRenderer.mainConfigPath) has no `Include /etc/ssh/sshd_config.d/*.conf`: "
                    + "sshd will not read \(SSHDConfigRenderer.path); add the line at its top")
        }
        if !hasPulseALSAPlugin {
            warnings.append(
                "ALSA's PulseAudio plugin is not installed: ALSA programs in the sessions cannot play on "
                    + "the clients (apt-get install libasound2-plugins)")
        }
        if !hasSSHFS {
            warnings.append(
                "sshfs is not installed: the clients' USB sticks, SD cards and CDs cannot appear in the "
                    + "sessions (apt-get install sshfs)")
        }
        if let fuseMode, fuseMode & 0o666 != 0o666 {
            warnings.append(
                "\(Self.fuseDevice) is mode \(String(fuseMode, radix: 8)), not open to all users: their sshfs "
                    + "cannot mount the clients' USB sticks, SD cards and CDs in the sessions "
                    + "(chmod 666 \(Self.fuseDevice), as Debian has it)")
        }
        return warnings
    }
}
