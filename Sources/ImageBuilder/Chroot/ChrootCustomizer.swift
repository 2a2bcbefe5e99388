import Glibc
import LTSPConfig
import Provisioning
import SystemSupport

/// What the build adds to the bootstrapped chroot: our client programs (ldm and its greeter in the `thin` profile,
/// which has X), the server's ssh host keys, the way `ltsp-client` starts, a locked root account. Every write is
/// atomic; rerunning gives the same tree.
public struct ChrootCustomizer {
    public var chroot: String
    public var profile: ImageProfile
    public var knownHosts: String
    /// Host paths of the built programs.
    public var programs: ClientPrograms

    public init(chroot: String, profile: ImageProfile, knownHosts: String, programs: ClientPrograms) {
        self.chroot = chroot
        self.profile = profile
        self.knownHosts = knownHosts
        self.programs = programs
    }

    public func apply() throws(ImageBuildError) {
        try install(program: programs.client, at: ClientBootFiles.clientPath)
        try write(knownHosts, to: KnownHostsRenderer.chrootPath)
        let shadow = chroot + "/etc/shadow"
        do {
            try TextFile.writeAtomically(
                ClientBootFiles.lockingRoot(shadow: try TextFile.read(shadow)), to: shadow,
                mode: 0o640)
        } catch { throw ImageBuildError(error) }
        try write("ltsp\n", to: "/etc/hostname")
        try write("127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n", to: "/etc/hosts")
        switch profile {
        case .minimal:
            try write(ClientBootFiles.inittab, to: "/etc/inittab")
            try write(ClientBootFiles.sysinit, to: ClientBootFiles.sysinitPath, mode: 0o755)
            try link("/bin/busybox", at: "/sbin/init")
        case .thin:
            try write(ClientBootFiles.unit, to: ClientBootFiles.unitPath)
            try link(ClientBootFiles.unitPath, at: ClientBootFiles.unitLink)
            // A login prompt on the serial console would interleave with ltsp-client's and ldm's lines there; the
            // screens (SCREEN_01 = shell) are how a thin client gets a console shell.
            try link("/dev/null", at: ClientBootFiles.serialGettyMask)
            try install(program: programs.ldm, at: ClientBootFiles.ldmPath)
            try install(program: programs.greeter, at: ClientBootFiles.greeterPath)
            try write(ClientBootFiles.hooksReadme, to: ClientBootFiles.hooksDirectory + "/README")
        }
    }

    /// A stripped copy (see ``ClientPrograms/strippedBytes(of:)``), written atomically.
    func install(program: String, at path: String) throws(ImageBuildError) {
        let stripped = try ClientPrograms.strippedBytes(of: program)
        do { try TextFile.writeAtomically(bytes: stripped, to: chroot + path, mode: 0o755) } catch {
            throw ImageBuildError(error)
        }
    }

    func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(ImageBuildError) {
        do { try TextFile.writeAtomically(text, to: chroot + path, mode: mode) } catch { throw ImageBuildError(error) }
    }

    func link(_ destination: String, at path: String) throws(ImageBuildError) {
        let target = chroot + path
        do { try TextFile.makeDirectories(TextFile.parentDirectory(of: target)) } catch { throw ImageBuildError(error) }
        let temporary = "\(target).new"
        unlink(temporary)
        guard symlink(destination, temporary) == 0, rename(temporary, target) == 0 else {
            throw .io(path: target, operation: "link to \(destination)", errno: errno)
        }
    }
}
