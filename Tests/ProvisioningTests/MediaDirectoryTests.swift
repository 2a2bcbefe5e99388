import Foundation
import Provisioning
import SystemSupport
import TestSupport
import Testing

/// The tmpfiles.d file `configure` writes for the clients' media, applied by the real systemd-tmpfiles to a scratch
/// root: `/media` there becomes sticky and open to all, a `/media` that was private is corrected.
struct MediaDirectoryTests {
    @Test func systemdTmpfilesOpensMediaAsTmpIs() throws {
        try RequiredTool.require(["systemd-tmpfiles"])
        let root = try BuiltProducts.scratchDirectory("tmpfiles")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = root + MediaDirectoryRenderer.path
        try TextFile.writeAtomically(MediaDirectoryRenderer.render(), to: file)
        try FileManager.default.createDirectory(
            atPath: root + "/media", withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
        let applied = try Command.run(["systemd-tmpfiles", "--create", "--root=\(root)", file])
        #expect(applied.succeeded, "\(applied.stderr)")
        var info = stat()
        #expect(stat(root + "/media", &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o1777 && info.st_uid == 0)
    }
}
