import Foundation
import SystemSupport
import TestSupport
import Testing

@testable import Provisioning

struct SSHDConfigTests {
    /// The real sshd reads the rendered drop-in through an Include and turns X11 forwarding on, although the main
    /// file after it says no (sshd takes the first value it reads).
    @Test func sshdTakesTheDropIn() throws {
        let sshd = try RequiredTool.located("sshd")
        let directory = try BuiltProducts.scratchDirectory("sshd-dropin")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TextFile.writeAtomically(SSHDConfigRenderer.render(), to: directory + "/kiwi-ltsp.conf")
        let key = directory + "/host_key"
        try #require(try Command.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key]).succeeded)
        try TextFile.writeAtomically(
            "Include \(directory)/kiwi-ltsp.conf\nX11Forwarding no\nHostKey \(key)\n",
            to: directory + "/sshd_config")
        let result = try Command.run([sshd, "-T", "-f", directory + "/sshd_config"])
        #expect(result.succeeded, "\(result.stderr)")
        #expect(result.stdout.contains("\nx11forwarding yes\n"))
        #expect(result.stdout.contains("\nx11uselocalhost yes\n"))
        #expect(result.stdout.contains("\nacceptenv LANG\n"))
    }

    @Test func debiansMainFileIncludesTheDropIns() {
        #expect(SSHDConfigRenderer.includesDropIns(mainConfig: "# header\nInclude /etc/ssh/sshd_config.d/*.conf\n"))
        #expect(!SSHDConfigRenderer.includesDropIns(mainConfig: "#Include /etc/ssh/sshd_config.d/*.conf\nPort 22\n"))
        #expect(!SSHDConfigRenderer.includesDropIns(mainConfig: "Port 22\n"))
    }

    @Test func warningsSayWhatToInstall() {
        let complete = SessionHost(
            hasXauth: true, xsessions: ["xfce.desktop"],
            sshdConfig: "Include /etc/ssh/sshd_config.d/*.conf\n")
        #expect(complete.warnings.isEmpty)
        let bare = SessionHost(
            hasXauth: false, xsessions: [], sshdConfig: "Port 22\n", hasPulseALSAPlugin: false,
            hasSSHFS: false, fuseMode: 0o600)
        #expect(bare.warnings.count == 6)
        #expect(bare.warnings[0].contains("apt-get install xauth"))
        #expect(bare.warnings[1].contains("/usr/share/xsessions"))
        #expect(bare.warnings[2].contains("Include /etc/ssh/sshd_config.d/*.conf"))
        #expect(bare.warnings[3].contains("apt-get install libasound2-plugins"))
        #expect(bare.warnings[4].contains("apt-get install sshfs"))
        #expect(bare.warnings[5].contains("/dev/fuse is mode 600") && bare.warnings[5].contains("chmod 666"))
        let debian = SessionHost(
            hasXauth: true, xsessions: ["xfce.desktop"],
            sshdConfig: "Include /etc/ssh/sshd_config.d/*.conf\n", fuseMode: 0o666)
        #expect(debian.warnings.isEmpty)
    }

    /// Read under the root: a scratch tree with one session, no xauth and no ALSA pulse plugin; then the plugin.
    @Test func sessionHostIsReadUnderTheRoot() throws {
        let root = try BuiltProducts.scratchDirectory("session-host")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TextFile.writeAtomically("[Desktop Entry]\n", to: root + "/usr/share/xsessions/icewm.desktop")
        try TextFile.writeAtomically("readme", to: root + "/usr/share/xsessions/README")
        let host = SessionHost.current(root: RootDirectory(root))
        #expect(
            host
                == SessionHost(
                    hasXauth: false, xsessions: ["icewm.desktop"], sshdConfig: nil,
                    hasPulseALSAPlugin: false, hasSSHFS: false))
        try TextFile.writeAtomically("", to: root + "/usr/lib/x86_64-linux-gnu/alsa-lib/libasound_module_pcm_pulse.so")
        #expect(SessionHost.current(root: RootDirectory(root)).hasPulseALSAPlugin)
        try TextFile.writeAtomically("", to: root + "/usr/bin/sshfs", mode: 0o755)
        #expect(SessionHost.current(root: RootDirectory(root)).hasSSHFS)
    }

    /// `/dev/fuse` under the root, as a container may hand it over (0600): a device node made with mknod and never
    /// opened; a plain file of that name is no device.
    @Test func fuseModeIsReadFromTheDeviceNode() throws {
        try RequiredTool.require([])
        let root = try BuiltProducts.scratchDirectory("session-host-fuse")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TextFile.writeAtomically("", to: root + SessionHost.fuseDevice)
        #expect(SessionHost.current(root: RootDirectory(root)).fuseMode == nil)
        unlink(root + SessionHost.fuseDevice)
        // FUSE's numbers, 10:229, in the encoding that small numbers share with the old one.
        #expect(mknod(root + SessionHost.fuseDevice, S_IFCHR | 0o600, dev_t(10 << 8 | 229)) == 0)
        let host = SessionHost.current(root: RootDirectory(root))
        #expect(host.fuseMode == 0o600)
        #expect(host.warnings.contains { $0.hasPrefix("/dev/fuse is mode 600") })
    }
}
