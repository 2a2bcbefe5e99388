import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp demo` as the README's first command runs it: a virtual client PXE-boots from the embedded server,
/// its console and the boot timeline are streamed, each stage's time is printed, and everything it made is gone
/// afterwards. The image is the test run's own build, linked into the demo's work directory (the demo reuses it).
@Suite(.serialized)
struct DemoCommandTests {
    /// The test run's image linked into a fresh work directory (`image` or `image-thin`), as the demo caches it.
    func workdir(with image: TestImage.Built, folder: String) throws -> String {
        let workdir = try BuiltProducts.scratchDirectory("demo")
        for path in ["/srv/kiwi-ltsp/amd64.img", "/srv/tftpboot/KIWI/linux-ltsp", "/srv/tftpboot/KIWI/initrd-ltsp"] {
            let target = workdir + "/" + folder + path
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try FileManager.default.linkItem(atPath: image.root + path, toPath: target)
        }
        return workdir
    }

    @Test func demoBootsAVirtualClientAndCleansUp() throws {
        let image = try TestImage.ensureBuilt()
        let workdir = try workdir(with: image, folder: "image")
        defer { try? FileManager.default.removeItem(atPath: workdir) }
        let result = try Command.run([BuiltProducts.executable("kiwi-ltsp"), "demo", "--workdir", workdir])
        let output = result.stdout
        #expect(result.status == 0, "\(output)\n\(result.stderr)")
        #expect(output.contains("demo   | image: reusing \(workdir)/image"), "\(output)")
        #expect(output.contains("client | ltsp-client: ready demo-client 192.168.67."), "\(output)")
        #expect(output.contains("server | [BootServer] boot 52:54:00:6b:69:77: tftp lpxelinux.0"), "\(output)")
        #expect(output.contains("the thin client is up:\ndemo   |   power-on to `ltsp-client: ready`: "), "\(output)")
        for stage in ["dhcp-ack", "tftp", "nbd-attach", "lts-conf"] {
            #expect(output.contains(stage), "the stage table has \(stage): \(output)")
        }
        #expect(output.contains("cleaned up"))
        let namespaces = try Command.run(["ip", "netns", "list"]).stdout
        #expect(!namespaces.contains("kiwi-demo-"), "\(namespaces)")
        #expect(!FileManager.default.fileExists(atPath: workdir + "/server"))
    }

    /// `demo --desktop`: the thin image boots, ldm logs the demo user in to the server namespace's sshd, the
    /// session's window is found on the server, a PNG of the client's screen is saved, and everything is cleaned up.
    @Test func desktopDemoShowsASessionFromTheServer() throws {
        let image = try TestImage.ensureBuilt("thin")
        let workdir = try workdir(with: image, folder: "image-thin")
        defer { try? FileManager.default.removeItem(atPath: workdir) }
        let result = try Command.run([BuiltProducts.executable("kiwi-ltsp"), "demo", "--desktop", "--workdir", workdir])
        let output = result.stdout
        #expect(result.status == 0, "\(output)\n\(result.stderr)")
        #expect(output.contains("demo   | image: reusing \(workdir)/image-thin"), "\(output)")
        #expect(output.contains("ldm: greeter ready on :7"), "\(output)")
        #expect(output.contains("ldm: logged in: demo@192.168.67.1"), "\(output)")
        #expect(output.contains("the thin client shows a desktop session from the server:"), "\(output)")
        #expect(output.contains("  power-on to the greeter: "), "\(output)")
        #expect(output.contains("  logged in to the session's window: "), "\(output)")
        #expect(output.contains("the client's screen: \(workdir)/desktop.png"), "\(output)")
        let png = try Data(contentsOf: URL(fileURLWithPath: workdir + "/desktop.png"))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
        #expect(output.contains("cleaned up"))
        #expect(!(try Command.run(["ip", "netns", "list"]).stdout.contains("kiwi-demo-")))
        #expect(!FileManager.default.fileExists(atPath: workdir + "/server"))
    }
}
