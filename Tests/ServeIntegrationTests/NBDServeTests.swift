import Foundation
import Testing
import TestSupport

/// Real NBD clients (libnbd's nbdinfo, nbdcopy, nbdsh; qemu-img) against `kiwi-ltsp serve`.
@Suite(.serialized)
struct NBDServeTests {
    /// nbdsh runs on `python3` from PATH, which may lack the nbd module; Debian's python3 has it.
    static let nbdsh = ["/usr/bin/python3", "-m", "nbd"]
    static let imageSize = 64 * 1024 * 1024

    func start(_ label: String) throws -> (ServeHarness, String) {
        try Self.start(label, tools: ["nbdinfo", "nbdcopy", "qemu-img", "sha256sum"])
    }

    /// `serve --only nbd` with a 64 MiB image of a fixed pattern; a missing tool skips the test.
    static func start(_ label: String, tools: [String]) throws -> (ServeHarness, String) {
        try ServeHarness.requireTools(tools)
        let harness = try ServeHarness(label)
        let image = harness.root.path + "/srv/kiwi-ltsp/amd64.img"
        try FileManager.default.createDirectory(
            atPath: harness.root.path + "/srv/kiwi-ltsp",
            withIntermediateDirectories: true)
        try ScratchRoot.writePattern(to: image, size: Self.imageSize, seed: 7)
        try harness.start(["--only", "nbd"], ready: "NBD listening")
        return (harness, image)
    }

    @Test func nbdinfoListsTheImageByNameAndPathAndTheSwapExport() throws {
        let (harness, _) = try start("nbd-list")
        let list = try harness.client(["nbdinfo", "--list", "--json", "nbd://127.0.0.1"])
        #expect(list.status == 0, "\(list.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let exports = try #require(document["exports"] as? [[String: Any]])
        let names = exports.compactMap { $0["export-name"] as? String }
        #expect(Set(names).isSuperset(of: ["amd64", "swap"]), "\(names)")
        let amd64 = try #require(exports.first { $0["export-name"] as? String == "amd64" })
        #expect(amd64["export-size"] as? Int == Self.imageSize)
        #expect(amd64["is_read_only"] as? Bool == true)
        #expect(amd64["can_multi_conn"] as? Bool == true)
        let byPath = try harness.client(["nbdinfo", "--size", "nbd://127.0.0.1//srv/kiwi-ltsp/amd64.img"])
        #expect(byPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.imageSize)", "\(byPath)")
    }

    @Test func eachArchitectureOfEXTRA_ARCHESHasItsOwnExport() throws {
        try ServeHarness.requireTools(["nbdinfo"])
        var settings = ScratchRoot.loopback
        settings["EXTRA_ARCHES"] = "i386"
        let harness = try ServeHarness("nbd-arches", settings: settings)
        let directory = harness.root.path + "/srv/kiwi-ltsp"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ScratchRoot.writePattern(to: directory + "/amd64.img", size: Self.imageSize, seed: 7)
        try ScratchRoot.writePattern(to: directory + "/i386.img", size: Self.imageSize / 2, seed: 8)
        try harness.start(["--only", "nbd"], ready: "NBD listening")
        let list = try harness.client(["nbdinfo", "--list", "--json", "nbd://127.0.0.1"])
        #expect(list.status == 0, "\(list.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let exports = try #require(document["exports"] as? [[String: Any]])
        var sizes: [String: Int] = [:]
        for export in exports {
            if let name = export["export-name"] as? String { sizes[name] = export["export-size"] as? Int }
        }
        #expect(sizes["amd64"] == Self.imageSize, "\(sizes)")
        #expect(sizes["i386"] == Self.imageSize / 2, "\(sizes)")
        #expect(sizes["swap"] != nil, "\(sizes)")
        for url in ["nbd://127.0.0.1/i386", "nbd://127.0.0.1//srv/kiwi-ltsp/i386.img"] {
            let size = try harness.client(["nbdinfo", "--size", url])
            #expect(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.imageSize / 2)", "\(size)")
        }
    }

    @Test(arguments: [
        ("read-only", "amd64", 0), ("multi-conn", "amd64", 0), ("flush", "amd64", 2),
        ("flush", "swap", 0), ("read-only", "swap", 2), ("trim", "swap", 0),
    ])
    func nbdinfoCanAnswersRight(capability: String, export: String, status: Int32) throws {
        let (harness, _) = try start("nbd-can")
        let result = try harness.client(["nbdinfo", "--can", capability, "nbd://127.0.0.1/\(export)"])
        #expect(result.status == status, "\(capability) on \(export): \(result.stderr)")
    }

    @Test func nbdcopyAndQemuImgReadTheImageIntact() throws {
        let (harness, image) = try start("nbd-copy")
        let copy = harness.root.path + "/copy.img"
        let result = try harness.client(["nbdcopy", "nbd://127.0.0.1/amd64", copy])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sha256(copy) == (try sha256(image)))
        let compare = try harness.client([
            "qemu-img", "compare", "-f", "raw", "-F", "raw", "nbd://127.0.0.1/amd64", image,
        ])
        #expect(compare.status == 0, "\(compare.stdout)\(compare.stderr)")
    }

    @Test func aConnectedClientKeepsTheOldImageWhenItIsReplaced() throws {
        let (harness, image) = try start("nbd-replace")
        try ServeHarness.requireTools(["python3"])
        let old = try sha256(image)
        let replacement = image + ".new"
        try ScratchRoot.writePattern(to: replacement, size: Self.imageSize / 2, seed: 99)
        let new = try sha256(replacement)
        let readBack = harness.root.path + "/read-back.img"
        // nbdsh connects first (-u), then the image is renamed over, then the same connection reads it all.
        let result = try harness.client(
            Self.nbdsh + [
                "-u", "nbd://127.0.0.1/amd64",
                "-c", "import os; os.rename('\(replacement)', '\(image)')",
                "-c", "f = open('\(readBack)', 'wb')",
                "-c", "[f.write(h.pread(1 << 20, o)) for o in range(0, h.get_size(), 1 << 20)]", "-c", "f.close()",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sha256(readBack) == old, "the connected client must keep reading the image it opened")
        let fresh = harness.root.path + "/fresh.img"
        #expect(try harness.client(["nbdcopy", "nbd://127.0.0.1/amd64", fresh]).status == 0)
        #expect(try sha256(fresh) == new, "a new connection gets the new image")
    }

    @Test func swapExportKeepsWritesForItsConnectionOnly() throws {
        let (harness, _) = try start("nbd-swap")
        let script =
            "h.pwrite(b'thin client swap' * 4096, 1 << 20); assert h.pread(65536, 1 << 20) == b'thin client swap' * 4096; print('ok', h.get_size())"
        let first = try harness.client(Self.nbdsh + ["-u", "nbd://127.0.0.1/swap", "-c", script])
        #expect(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok \(256 << 20)", "\(first.stderr)")
        let second = try harness.client(
            Self.nbdsh + [
                "-u", "nbd://127.0.0.1/swap", "-c",
                "print(h.pread(16, 1 << 20) == bytes(16))",
            ])
        #expect(
            second.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "a new client gets a fresh swap")
        let swapDirectory = harness.root.path + "/var/lib/kiwi-ltsp/swap"
        #expect(
            ((try? FileManager.default.contentsOfDirectory(atPath: swapDirectory)) ?? []).isEmpty,
            "swap files are unlinked once opened")
    }
}
