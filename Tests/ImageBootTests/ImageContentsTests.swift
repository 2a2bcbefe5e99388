import Foundation
import Testing
import TestSupport

/// What `kiwi-ltsp image build` put into the minimal chroot besides Debian: our client, the server's known host
/// keys, busybox init starting ltsp-client, a locked root account; and what it published.
struct ImageContentsTests {
    @Test func theChrootHasOurClientKnownHostsInitAndALockedRoot() throws {
        let built = try TestImage.ensureBuilt()
        let chroot = built.root + "/srv/kiwi-ltsp-nfs-amd64"
        #expect(FileManager.default.isExecutableFile(atPath: chroot + "/usr/sbin/ltsp-client"))
        let knownHosts = try String(contentsOfFile: chroot + "/etc/ssh/ssh_known_hosts", encoding: .utf8)
        #expect(knownHosts.contains("host keys"), "\(knownHosts)")
        let shadow = try String(contentsOfFile: chroot + "/etc/shadow", encoding: .utf8)
        let root = try #require(shadow.split(separator: "\n").first { $0.hasPrefix("root:") })
        #expect(root.split(separator: ":", omittingEmptySubsequences: false)[1].hasPrefix("!"), "\(root)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: chroot + "/sbin/init") == "/bin/busybox")
        #expect(
            try String(contentsOfFile: chroot + "/etc/inittab", encoding: .utf8)
                .contains("::once:/usr/sbin/ltsp-client"))
        for path in [built.image, built.kernel, built.initrd] {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(size > 1_000_000, "\(path): \(size) bytes")
            let staged =
                (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".new"
            #expect(!FileManager.default.fileExists(atPath: staged), "nothing left staged: \(staged)")
        }
        #expect(built.output.contains("image built (minimal) in "), "the summary line: \(built.output)")
    }

    /// The thin chroot has ldm and the greeter, and the greeter's X libraries and fonts resolve inside it (its usage
    /// message comes before X is opened: exit 2 proves the dynamic linker found libX11 and libXft there); the serial
    /// console has no getty competing with the screens.
    @Test func theThinChrootHasLDMAndAGreeterThatLinks() throws {
        let built = try TestImage.ensureBuilt("thin")
        let chroot = built.chroot
        // Inside the chroot with a /proc of its own (Swift reads its arguments there), in a mount namespace that goes
        // away with the command.
        func inChroot(_ command: [String]) throws -> CommandResult {
            try Command.run(
                [
                    "unshare", "--mount", "--fork", "sh", "-c",
                    "mount -t proc proc \"$0/proc\" && exec chroot \"$0\" \"$@\"", chroot,
                ] + command)
        }
        let ldm = try inChroot(["/usr/sbin/ldm", "--help"])
        #expect(ldm.succeeded && ldm.stdout.hasPrefix("usage: ldm"), "\(ldm.stderr)")
        let greeter = try inChroot(["/usr/lib/kiwi-ltsp/ldm-greeter", "--bogus"])
        #expect(greeter.status == 2 && greeter.stderr.hasPrefix("usage: ldm-greeter"), "\(greeter.stderr)")
        #expect(FileManager.default.fileExists(atPath: chroot + "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
        #expect(FileManager.default.isExecutableFile(atPath: chroot + "/usr/bin/Xorg"))
        #expect(FileManager.default.isExecutableFile(atPath: chroot + "/usr/bin/xauth"))
        #expect(
            try FileManager.default.destinationOfSymbolicLink(
                atPath: chroot + "/etc/systemd/system/serial-getty@.service")
                == "/dev/null")
        #expect(FileManager.default.fileExists(atPath: chroot + "/etc/ldm/rc.d/README"))
        #expect(built.output.contains("ldm at /usr/sbin/ldm"), "\(built.output)")
    }
}
