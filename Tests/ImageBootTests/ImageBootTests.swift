import Foundation
import ImageBuilder
import Testing
import TestSupport

/// The `minimal` image built by `kiwi-ltsp image build` boots in qemu (TCG) by direct kernel boot: our
/// initrd-ltsp gets an address from `kiwi-ltsp serve`'s DHCP, attaches the root over its NBD, mounts the squashfs
/// under a tmpfs overlay and switches root; busybox init starts ltsp-client, which fetches lts.conf over TFTP.
@Suite(.serialized)
struct ImageBootTests {
    static let mac = "52:54:00:12:34:56"
    static let serverSettings = [
        "SERVER_IP": "192.168.67.1", "DHCP_IFACES": "vs0", "DHCP_MODE": "full", "NAT": "no",
        "DNS_SERVERS": "192.168.67.1", "ROOT_TYPE": "nbd",
    ]
    static let ltsConf = """
        [default]
            SOUND = False
            X_COLOR_DEPTH = 24
        [\(mac)]
            HOSTNAME = vmclient
            SCREEN_01 = shell
            X_COLOR_DEPTH = 16

        """

    @Test func minimalImageBootsOverNBDAndSurvivesAnImageReplacement() throws {
        let built = try TestImage.ensureBuilt()
        #expect(built.output.contains("image built (minimal)"), "\(built.output)")

        // The server's own root: the image hard-linked (so replacing it here leaves the shared build alone).
        let root = try ScratchRoot("image-boot", settings: Self.serverSettings)
        defer { root.remove() }
        try FileManager.default.createDirectory(atPath: root.path + "/srv/kiwi-ltsp", withIntermediateDirectories: true)
        let image = root.path + "/srv/kiwi-ltsp/amd64.img"
        try FileManager.default.linkItem(atPath: built.image, toPath: image)
        try Self.ltsConf.write(toFile: root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)

        let lab = try VirtualLab()
        let serve = try ServeProcess(arguments: ["--root", root.path], namespace: lab.server, ready: "NBD listening")
        try serve.waitForLog("TFTP listening")
        try serve.waitForLog("DHCP")

        let vm = try built.directBoot(in: lab, mac: Self.mac, root: "root=/dev/nbd0 nbdroot=192.168.67.1:10809/amd64")
        defer { vm.stop() }

        let ready = try vm.waitForLine(matching: #"ltsp-client: ready "#, timeout: 400)
        let fields = ready.split(separator: " ").map(String.init)
        try #require(fields.count == 6, "\(ready)")
        #expect(fields[2] == "vmclient", "hostname from the [MAC] section: \(ready)")
        #expect(fields[3].hasPrefix("192.168.67."), "an address from our DHCP: \(ready)")
        #expect((Int(fields[4]) ?? 0) >= 4, "\(ready)")
        #expect(vm.output.contains("kiwi-ltsp initrd: switching to the image (nbd)"))

        // Replace the image by what `image build` does (stage + rename, previous kept as .old) with garbage:
        // a server that reopened the path would now serve junk. The running client must keep its image.
        let staged = ImagePublisher.stagingPath(for: image)
        try ScratchRoot.writePattern(to: staged, size: 8 * 1024 * 1024, seed: 99)
        try ImagePublisher.publish(image)
        #expect(FileManager.default.fileExists(atPath: image + ".old"))

        // Screen 01 is a shell on the serial console: read every file under /usr (most never read before).
        try vm.waitFor("# ", after: "ltsp-client: ready", timeout: 60)
        try vm.type("find /usr -type f -exec cat {} + > /dev/null && echo READ-OK-$((6 * 7))\n")
        try vm.waitFor("READ-OK-42", timeout: 300)
        #expect(!vm.output.contains("SQUASHFS error"), "\(vm.output.suffix(2000))")
        #expect(!vm.output.contains("I/O error"), "\(vm.output.suffix(2000))")
        #expect(serve.isRunning)
        try vm.type("cat /run/ltsp/ltsp_config; echo CONFIG-DONE\n")
        try vm.waitFor("CONFIG-DONE", timeout: 30)
        #expect(vm.output.contains("X_COLOR_DEPTH=\"16\""), "lts.conf's section for this MAC")
    }
}
