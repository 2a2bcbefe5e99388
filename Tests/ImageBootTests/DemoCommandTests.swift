import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp demo` as the README's first command runs it: a virtual client PXE-boots from the embedded server,
/// its console and the boot timeline are streamed, each stage's time is printed, and everything it made is gone
/// afterwards. The image is the test run's own build, linked into the demo's work directory (the demo reuses it).
@Suite(.serialized)
struct DemoCommandTests {
    @Test func demoBootsAVirtualClientAndCleansUp() throws {
        guard let image = try TestImage.ensureBuilt() else { return }
        let workdir = try BuiltProducts.scratchDirectory("demo")
        defer { try? FileManager.default.removeItem(atPath: workdir) }
        for path in ["/srv/kiwi-ltsp/amd64.img", "/srv/tftpboot/KIWI/linux-ltsp", "/srv/tftpboot/KIWI/initrd-ltsp"] {
            let target = workdir + "/image" + path
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try FileManager.default.linkItem(atPath: image.root + path, toPath: target)
        }
        let result = try Command.run([BuiltProducts.executable("kiwi-ltsp"), "demo", "--workdir", workdir])
        let output = result.stdout
        #expect(result.status == 0, "\(output)\n\(result.stderr)")
        #expect(output.contains("demo   | image: reusing \(workdir)/image"), "\(output)")
        #expect(output.contains("client | ltsp-client: ready demo-client 192.168.67."), "\(output)")
        #expect(output.contains("server | [BootServer] boot 52:54:00:6b:69:77: tftp lpxelinux.0"), "\(output)")
        #expect(output.contains("the thin client is up: power-on to `ltsp-client: ready` in "), "\(output)")
        for stage in ["dhcp-ack", "tftp", "nbd-attach", "lts-conf"] {
            #expect(output.contains(stage), "the stage table has \(stage): \(output)")
        }
        #expect(output.contains("cleaned up"))
        let namespaces = try Command.run(["ip", "netns", "list"]).stdout
        #expect(!namespaces.contains("kiwi-demo-"), "\(namespaces)")
        #expect(!FileManager.default.fileExists(atPath: workdir + "/server"))
    }
}
