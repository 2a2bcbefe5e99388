import Foundation
import Testing
import TestSupport

/// What `kiwi-ltsp image build` put into the minimal chroot besides Debian: our client, the server's known host
/// keys, busybox init starting ltsp-client, a locked root account; and what it published.
struct ImageContentsTests {
    @Test func theChrootHasOurClientKnownHostsInitAndALockedRoot() throws {
        guard let built = try TestImage.ensureBuilt() else { return }
        let chroot = built.root + "/srv/kiwi-ltsp-nfs-amd64"
        #expect(FileManager.default.isExecutableFile(atPath: chroot + "/usr/sbin/ltsp-client"))
        let knownHosts = try String(contentsOfFile: chroot + "/etc/ssh/ssh_known_hosts", encoding: .utf8)
        #expect(knownHosts.contains("host keys"), "\(knownHosts)")
        let shadow = try String(contentsOfFile: chroot + "/etc/shadow", encoding: .utf8)
        let root = try #require(shadow.split(separator: "\n").first { $0.hasPrefix("root:") })
        #expect(root.split(separator: ":", omittingEmptySubsequences: false)[1].hasPrefix("!"), "\(root)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: chroot + "/sbin/init") == "/bin/busybox")
        #expect(try String(contentsOfFile: chroot + "/etc/inittab", encoding: .utf8)
                    .contains("::once:/usr/sbin/ltsp-client"))
        for path in [built.image, built.kernel, built.initrd] {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(size > 1_000_000, "\(path): \(size) bytes")
            let staged = (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".new"
            #expect(!FileManager.default.fileExists(atPath: staged), "nothing left staged: \(staged)")
        }
        #expect(built.output.contains("image built (minimal) in "), "the summary line: \(built.output)")
    }
}
