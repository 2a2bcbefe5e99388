import Foundation
import ImageBuilder
import Testing
import TestSupport

/// ROOT_TYPE=aoe end to end: the `minimal` image boots in qemu (TCG, direct kernel boot) with its root over AoE. The
/// initrd loads the Linux aoe driver, which discovers `e0.1` on the boot NIC; the squashfs is mounted from
/// `/dev/etherd/e0.1` under the tmpfs overlay. The target is `kiwi-ltsp serve`'s own, or vblade started as the unit
/// `configure` renders for BOOT_SERVICES=dnsmasq says.
@Suite(.serialized)
struct AoEBootTests {
    static let mac = "52:54:00:12:34:57"

    struct Booted {
        let root: ScratchRoot
        let lab: VirtualLab
        let serve: ServeProcess
        let vm: VirtualMachine
        var image: String { root.path + "/srv/kiwi-ltsp/amd64.img" }
    }

    /// A scratch root configured (`configure --no-commands`) for ROOT_TYPE=aoe with `settings`, the test image in
    /// it, `serve ARGUMENTS` in the server namespace and, once `prepare` has run, the VM booting from e0.1.
    static func boot(
        _ label: String, settings: [String: String], serve arguments: [String], ready: String,
        prepare: (ScratchRoot, VirtualLab) throws -> Void = { _, _ in }
    ) throws -> Booted {
        let built = try TestImage.ensureBuilt()
        let base = ImageBootTests.serverSettings.merging(["ROOT_TYPE": "aoe", "HTTP_PORT": "0", "IPV6_RA": "no"]) {
            $1
        }
        let root = try ScratchRoot(label, settings: base.merging(settings) { $1 })
        let lab = try VirtualLab()
        let configure = try lab.server.exec(
            [BuiltProducts.executable("kiwi-ltsp"), "configure", "--root", root.path, "--no-commands"], check: false)
        try #require(configure.succeeded, "configure: \(configure.stdout) \(configure.stderr)")
        try FileManager.default.createDirectory(atPath: root.path + "/srv/kiwi-ltsp", withIntermediateDirectories: true)
        try FileManager.default.linkItem(atPath: built.image, toPath: root.path + "/srv/kiwi-ltsp/amd64.img")
        try "[default]\n    SCREEN_01 = shell\n".write(
            toFile: root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)
        try prepare(root, lab)
        let serve = try ServeProcess(arguments: ["--root", root.path] + arguments, namespace: lab.server, ready: ready)
        try serve.waitForLog("TFTP listening")
        try serve.waitForLog("DHCP")
        let vm = try built.directBoot(in: lab, mac: mac, root: "root=/dev/etherd/e0.1")
        _ = try vm.waitForLine(matching: #"ltsp-client: ready "#, timeout: 400)
        #expect(vm.output.contains("kiwi-ltsp initrd: switching to the image (aoe)"), "\(vm.output.suffix(3000))")
        return Booted(root: root, lab: lab, serve: serve, vm: vm)
    }

    /// Our target; then the image is replaced on the server and the running client keeps reading the one it opened.
    @Test func minimalImageBootsOverOurAoETarget() throws {
        let booted = try Self.boot("aoe-boot", settings: [:], serve: [], ready: "AoE target e0.1")
        defer {
            booted.vm.stop()
            booted.root.remove()
        }
        #expect(booted.serve.log.contains("boot \(Self.mac): aoe-attach e0.1"), "\(booted.serve.log)")
        // The timeline in `kiwi-ltsp status` has the AoE attach beside DHCP and TFTP.
        let status = try Command.run([BuiltProducts.executable("kiwi-ltsp"), "status", "--root", booted.root.path])
        #expect(status.stdout.contains("aoe-attach"), "\(status.stdout)")

        // Replace the image by what `image build` does (stage + rename) with garbage: the client keeps its own.
        try ScratchRoot.writePattern(to: ImagePublisher.stagingPath(for: booted.image), size: 8 << 20, seed: 98)
        try ImagePublisher.publish(booted.image)
        let vm = booted.vm
        try vm.waitFor("# ", after: "ltsp-client: ready", timeout: 60)
        try vm.type("find /usr/lib -type f -exec cat {} + > /dev/null && echo READ-OK-$((6 * 7))\n")
        try vm.waitFor("READ-OK-42", timeout: 300)
        #expect(!vm.output.contains("SQUASHFS error"), "\(vm.output.suffix(2000))")
        #expect(!vm.output.contains("I/O error"), "\(vm.output.suffix(2000))")
        #expect(booted.serve.isRunning)
    }

    /// iPXE's own AoE initiator (qemu's iPXE ROM, PXE-booted by `serve`) attaches our target with `sanhook`, which
    /// reads its config and IDENTIFY (iPXE takes only version-1 answers), then says so by asking TFTP for a marker.
    @Test func iPXEAttachesOurTargetWithSanhook() throws {
        let image = try TestImage.ensureBuilt()
        let pxe = try PXELab("aoe-ipxe", image: image, settings: ["ROOT_TYPE": "aoe", "IPV6_RA": "no"])
        try """
        #!ipxe
        sanhook --drive 0x81 aoe:e0.1 && chain tftp://192.168.67.1/SANHOOK-OK || chain tftp://192.168.67.1/SANHOOK-FAILED

        """.write(toFile: pxe.root.tftpRoot + "/KIWI/boot.ipxe", atomically: true, encoding: .utf8)
        try pxe.startServe(ready: "AoE target e0.1")
        let serve = try #require(pxe.serve)
        _ = try pxe.bootClient()
        try serve.waitForLog("SANHOOK-", timeout: 300)
        #expect(serve.log.contains("SANHOOK-OK"), "\(serve.log)")
        #expect(serve.log.contains("boot \(PXELab.mac): aoe-attach e0.1"), "\(serve.log)")
    }

    /// BOOT_SERVICES=dnsmasq: vblade serves the root, run with the command line of the unit `configure` rendered
    /// (the image path inside the scratch root); `serve` gives only DHCP and TFTP.
    @Test func minimalImageBootsOverVbladeFromTheRenderedUnit() throws {
        try RequiredTool.require(["vblade"])
        var vblade: BackgroundProcess?
        let booted = try Self.boot(
            "aoe-vblade", settings: ["BOOT_SERVICES": "dnsmasq"], serve: ["--only", "dhcp,tftp"],
            ready: "TFTP listening"
        ) { root, lab in
            let unit = try String(
                contentsOfFile: root.path + "/etc/systemd/system/kiwi-ltsp-vblade.service", encoding: .utf8)
            let execStart = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
            var words = execStart.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
            #expect(words.dropLast() == ["/usr/sbin/vblade", "-r", "0", "1", "vs0"], "\(execStart)")
            words[words.count - 1] = root.path + words[words.count - 1]
            vblade = try BackgroundProcess(["ip", "netns", "exec", lab.server.name] + words)
        }
        defer {
            booted.vm.stop()
            vblade?.stop()
            booted.root.remove()
        }
        #expect(!booted.serve.log.contains("aoe-attach"), "our target did not serve: \(booted.serve.log)")
        #expect(vblade.map { Spawn.wait($0.pid, block: false) == nil } == true, "vblade: \(vblade?.log ?? "")")
    }
}
