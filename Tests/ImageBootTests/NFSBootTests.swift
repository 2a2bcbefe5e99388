import Foundation
import Testing
import TestSupport

/// ROOT_TYPE=nfs with NFS_SERVER=ganesha end to end: `configure` renders nfs-ganesha's configuration and the boot
/// menus; nfs-ganesha runs on that file in the server namespace (the export's path pointed at the test image's
/// chroot); the `minimal` image's kernel and initrd boot in qemu with the `nfsroot=` of the rendered iPXE script, mount
/// the chroot over NFSv4 read-only under the tmpfs overlay, and ltsp-client comes up.
@Suite(.serialized)
struct NFSBootTests {
    static let mac = "52:54:00:12:34:58"

    @Test func minimalChrootBootsOverNFSFromGanesha() throws {
        try RequiredTool.require(["ganesha.nfsd"])
        let built = try TestImage.ensureBuilt()
        let settings = ImageBootTests.serverSettings.merging([
            "ROOT_TYPE": "nfs", "NFS_SERVER": "ganesha", "HTTP_PORT": "0", "IPV6_RA": "no",
        ]) { $1 }
        let root = try ScratchRoot("nfs-boot", settings: settings)
        defer { root.remove() }
        let lab = try VirtualLab()
        let configure = try lab.server.exec(
            [BuiltProducts.executable("kiwi-ltsp"), "configure", "--root", root.path, "--no-commands"], check: false)
        try #require(configure.succeeded, "configure: \(configure.stdout) \(configure.stderr)")
        try "[default]\n    SCREEN_01 = shell\n".write(
            toFile: root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)

        // The rendered configuration, its export's path moved to where the test image's chroot is.
        let rendered = try String(contentsOfFile: root.path + "/etc/ganesha/ganesha.conf", encoding: .utf8)
        let chroot = "/srv/kiwi-ltsp-nfs-amd64"
        #expect(rendered.contains("Path = \(chroot);") && rendered.contains("Pseudo = \(chroot);"), "\(rendered)")
        let configuration = root.path + "/ganesha.conf"
        try rendered.replacingOccurrences(of: "Path = \(chroot);", with: "Path = \(built.chroot);")
            .write(toFile: configuration, atomically: true, encoding: .utf8)
        let log = root.path + "/ganesha.log"
        let ganesha = try BackgroundProcess([
            "ip", "netns", "exec", lab.server.name, "ganesha.nfsd", "-F", "-f", configuration, "-L", log,
            "-p", root.path + "/ganesha.pid",
        ])
        defer { ganesha.stop() }
        try Poll.until("nfs-ganesha initialized", timeout: 60) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("NFS SERVER INITIALIZED")
        }

        // The root the menus give: `nfsroot=SERVER:CHROOT,ro,vers=4` from the rendered iPXE script.
        let script = try String(contentsOfFile: root.tftpRoot + "/KIWI/boot.ipxe", encoding: .utf8)
        let nfsroot = try #require(
            script.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("nfsroot=") }, "\(script)")
        #expect(nfsroot == "nfsroot=192.168.67.1:\(chroot),ro,vers=4")

        let serve = try ServeProcess(
            arguments: ["--root", root.path, "--only", "dhcp,tftp"], namespace: lab.server, ready: "TFTP listening")
        try serve.waitForLog("DHCP")
        let vm = try built.directBoot(in: lab, mac: Self.mac, root: "root=/dev/nfs \(nfsroot)")
        defer { vm.stop() }
        _ = try vm.waitForLine(matching: #"ltsp-client: ready "#, timeout: 400)
        #expect(vm.output.contains("kiwi-ltsp initrd: switching to the image (nfs)"), "\(vm.output.suffix(3000))")
        // The root is the overlay on the NFS export: writes go to the tmpfs, the chroot on the server is untouched.
        try vm.waitFor("# ", after: "ltsp-client: ready", timeout: 60)
        try vm.type("echo kiwi > /etc/nfs-write-test && grep -c nfs4 /proc/mounts && echo NFS-OK-$((6 * 7))\n")
        try vm.waitFor("NFS-OK-42", timeout: 60)
        #expect(!FileManager.default.fileExists(atPath: built.chroot + "/etc/nfs-write-test"))
        // The boot's timeline: DHCP and lts.conf for this client (NFS itself is not served by `serve`).
        let status = try Command.run([BuiltProducts.executable("kiwi-ltsp"), "status", "--root", root.path])
        #expect(status.stdout.contains(Self.mac) && status.stdout.contains("lts-conf"), "\(status.stdout)")
    }
}
