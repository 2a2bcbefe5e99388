import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp image revert` and `image build`'s argument checks, by the built binary on a scratch root. (The build
/// itself runs in ImageBootTests, which boots what it made.)
struct ImageCommandIntegrationTests {
    let binary = BuiltProducts.executable("kiwi-ltsp")

    func run(_ arguments: [String]) throws -> CommandResult {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build kiwi-ltsp first: \(binary)")
        return try Command.run([binary] + arguments)
    }

    @Test func revertSwapsImageKernelAndInitrdWithTheirOldCopies() throws {
        let root = try ScratchRoot("image-revert", settings: ScratchRoot.loopback)
        defer { root.remove() }
        let image = root.path + "/srv/kiwi-ltsp/amd64.img"
        let kernel = root.tftpRoot + "/KIWI/linux-ltsp", initrd = root.tftpRoot + "/KIWI/initrd-ltsp"
        try FileManager.default.createDirectory(atPath: root.path + "/srv/kiwi-ltsp", withIntermediateDirectories: true)
        for (path, name) in [(image, "image"), (kernel, "kernel"), (initrd, "initrd")] {
            try "new \(name)".write(toFile: path, atomically: true, encoding: .utf8)
            try "old \(name)".write(toFile: path + ".old", atomically: true, encoding: .utf8)
        }
        let reverted = try run(["image", "revert", "--root", root.path])
        #expect(reverted.succeeded, "\(reverted.stderr)")
        #expect(reverted.stdout.contains("reverted \(image)"))
        #expect(try String(contentsOfFile: image, encoding: .utf8) == "old image")
        #expect(try String(contentsOfFile: kernel + ".old", encoding: .utf8) == "new kernel")
        #expect(try String(contentsOfFile: initrd, encoding: .utf8) == "old initrd")
        _ = try run(["image", "revert", "--root", root.path])
        #expect(try String(contentsOfFile: image, encoding: .utf8) == "new image", "a second revert goes forward")
    }

    /// `--arch i386` of a server with EXTRA_ARCHES="i386" reverts that architecture's files only.
    @Test func revertOfAnotherArchitectureSwapsItsOwnFiles() throws {
        let settings = ScratchRoot.loopback.merging(["EXTRA_ARCHES": "i386"]) { $1 }
        let root = try ScratchRoot("image-revert-i386", settings: settings)
        defer { root.remove() }
        let image = root.path + "/srv/kiwi-ltsp/i386.img"
        let kernel = root.tftpRoot + "/KIWI/i386/linux-ltsp", initrd = root.tftpRoot + "/KIWI/i386/initrd-ltsp"
        for folder in [root.path + "/srv/kiwi-ltsp", root.tftpRoot + "/KIWI/i386"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for (path, name) in [(image, "image"), (kernel, "kernel"), (initrd, "initrd")] {
            try "new \(name)".write(toFile: path, atomically: true, encoding: .utf8)
            try "old \(name)".write(toFile: path + ".old", atomically: true, encoding: .utf8)
        }
        let reverted = try run(["image", "revert", "--arch", "i386", "--root", root.path])
        #expect(reverted.succeeded, "\(reverted.stderr)")
        for (path, name) in [(image, "image"), (kernel, "kernel"), (initrd, "initrd")] {
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old \(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.path + "/srv/kiwi-ltsp/amd64.img"))
    }

    @Test func buildAndRevertRefuseAnArchitectureTheServerDoesNotServe() throws {
        let root = try ScratchRoot("image-arch", settings: ScratchRoot.loopback)
        defer { root.remove() }
        for command in ["build", "revert"] {
            let result = try run(["image", command, "--arch", "i386", "--root", root.path])
            #expect(result.status == 1)
            #expect(
                result.stderr.contains(
                    "--arch i386: this server serves amd64; add i386 to EXTRA_ARCHES in the configuration first"),
                "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.path + "/srv/kiwi-ltsp-nfs-i386"), "nothing was built")
    }

    @Test func revertWithNothingToGoBackToFailsClearly() throws {
        let root = try ScratchRoot("image-revert-none", settings: ScratchRoot.loopback)
        defer { root.remove() }
        let result = try run(["image", "revert", "--root", root.path])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("amd64.img.old does not exist: there is no previous image to go back to"),
            "\(result.stderr)")
    }

    @Test func buildRefusesAnUnknownProfileAndABadConfiguration() throws {
        let root = try ScratchRoot("image-bad", settings: ScratchRoot.loopback.merging(["ARCH": "sparc"]) { $1 })
        defer { root.remove() }
        let profile = try run(["image", "build", "--profile", "fat", "--root", root.path])
        #expect(!profile.succeeded)
        #expect(profile.stderr.contains("--profile fat: use one of minimal, thin"), "\(profile.stderr)")
        let config = try run(["-s", "--root", root.path])
        #expect(config.status == 1)
        #expect(config.stderr.contains("ARCH"), "the bad line is named: \(config.stderr)")
        #expect(config.stderr.contains("nothing was built"), "\(config.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.path + "/srv/kiwi-ltsp-nfs-sparc"))
    }
}
