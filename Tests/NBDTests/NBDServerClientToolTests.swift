import Foundation
import NBD
import Testing
import TestSupport

/// The server against clients nobody here wrote: nbdinfo, nbdcopy, nbdsh (libnbd) and qemu-img.
@Suite(.serialized) struct NBDServerClientToolTests {
    private func withServer(size: Int = 4 << 20, _ body: (NBDTestServer, TestImage, String) async throws -> Void)
        async throws
    {
        let image = try TestImage("tools")
        defer { image.remove() }
        let path = try image.write("amd64.img", size: size)
        let server = try await NBDTestServer(
            exports: [NBDExportDefinition(name: "amd64", path: path, description: "amd64 root image")],
            swap: NBDSwapExportDefinition(directory: image.directory, size: 64 << 20)
        )
        do {
            try await body(server, image, path)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func nbdinfoListsExportsWithSizesAndFlags() async throws {
        try RequiredTool.require(["nbdinfo"], needsRoot: false)
        try await self.withServer { server, _, _ in
            let list = try Command.run(["nbdinfo", "--list", "--json", server.uri()])
            #expect(list.succeeded, "\(list.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
            let exports = try #require(json["exports"] as? [[String: Any]])
            let byName = Dictionary(
                uniqueKeysWithValues: exports.compactMap { export in
                    (export["export-name"] as? String).map { ($0, export) }
                })
            #expect(byName.keys.sorted() == ["amd64", "swap"])
            #expect(byName["amd64"]?["export-size"] as? Int == 4 << 20)
            #expect(byName["amd64"]?["is_read_only"] as? Bool == true)
            #expect(byName["amd64"]?["can_multi_conn"] as? Bool == true)
            #expect(byName["amd64"]?["description"] as? String == "amd64 root image")
            #expect(byName["amd64"]?["block_size_maximum"] as? Int == 32 << 20)
            #expect(byName["swap"]?["export-size"] as? Int == 64 << 20)
            #expect(byName["swap"]?["is_read_only"] as? Bool == false)
            #expect(byName["swap"]?["can_flush"] as? Bool == true)
            #expect(byName["swap"]?["can_trim"] as? Bool == true)
            #expect(byName["swap"]?["can_zero"] as? Bool == true)
        }
    }

    @Test(arguments: [
        ("amd64", "read-only", true), ("amd64", "flush", false), ("amd64", "multi-conn", true),
        ("swap", "read-only", false), ("swap", "flush", true), ("swap", "multi-conn", false),
        ("swap", "fua", true), ("swap", "trim", true), ("swap", "zero", true),
    ])
    func nbdinfoCanAnswersRight(export: String, capability: String, expected: Bool) async throws {
        try RequiredTool.require(["nbdinfo"], needsRoot: false)
        try await self.withServer { server, _, _ in
            // nbdinfo --can exits 0 for yes, 2 for no.
            let result = try Command.run(["nbdinfo", "--can", capability, server.uri(export)])
            #expect(result.status == (expected ? 0 : 2), "\(result.stderr)")
        }
    }

    @Test func theImageIsReachableByItsPath() async throws {
        try RequiredTool.require(["nbdinfo"], needsRoot: false)
        try await self.withServer { server, _, path in
            // In an nbd:// URI the export name is the path after the first slash, so "//tmp/x" names "/tmp/x".
            let result = try Command.run(["nbdinfo", "--size", server.uri(path)])
            #expect(result.succeeded, "\(result.stderr)")
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(4 << 20)")
            let unknown = try Command.run(["nbdinfo", "--size", server.uri("i386")])
            #expect(!unknown.succeeded)
        }
    }

    @Test func nbdcopyAndQemuImgSeeTheImageExactly() async throws {
        try RequiredTool.require(["nbdcopy", "qemu-img", "sha256sum"], needsRoot: false)
        try await self.withServer(size: 256 << 20) { server, image, path in
            let copy = image.path("copy.img")
            let result = try Command.run(["nbdcopy", server.uri("amd64"), copy])
            #expect(result.succeeded, "\(result.stderr)")
            #expect(try image.sha256(copy) == image.sha256(path))
            let single = try Command.run(["nbdcopy", "--connections=1", server.uri("amd64"), "null:"])
            #expect(single.succeeded, "\(single.stderr)")
            let compare = try Command.run(["qemu-img", "compare", "-f", "raw", "-F", "raw", server.uri("amd64"), path])
            #expect(compare.succeeded, "\(compare.stdout) \(compare.stderr)")
        }
    }

    /// nbdsh runs on `python3` from PATH, which may lack the nbd module; Debian's python3 has it.
    private static let nbdsh = ["/usr/bin/python3", "-m", "nbd"]

    @Test func swapAcceptsWritesAndReadsThemBackOnOneConnection() async throws {
        try RequiredTool.require(["nbdsh"], needsRoot: false)
        try await self.withServer { server, _, _ in
            let script = """
                size = h.get_size()
                assert size == 64 << 20, size
                assert h.pread(4096, 0) == bytearray(4096)
                data = bytearray(range(256)) * 1024
                h.pwrite(data, 1 << 20)
                assert h.pread(len(data), 1 << 20) == data
                h.pwrite(b"x" * 512, 8192, nbd.CMD_FLAG_FUA)
                h.flush()
                h.zero(4096, (1 << 20) + 4096)
                assert h.pread(8192, 1 << 20) == data[0:4096] + bytearray(4096)
                h.trim(4096, 0)
                try:
                    h.pwrite(b"y" * 2, size - 1)
                    assert False, "write past the end succeeded"
                except nbd.Error as e:
                    assert e.errnum == errno.ENOSPC, e
                print("ok")
                """
            let result = try Command.run(Self.nbdsh + ["-u", server.uri("swap"), "-c", "import errno", "-c", script])
            #expect(result.succeeded, "\(result.stderr)")
            #expect(result.stdout.contains("ok"))
        }
    }

    @Test func readOnlyExportRefusesWritesWithEPERM() async throws {
        try RequiredTool.require(["nbdsh"], needsRoot: false)
        try await self.withServer { server, _, _ in
            let script = """
                h.set_strict_mode(0)
                try:
                    h.pwrite(b"z" * 512, 0)
                    assert False, "write succeeded"
                except nbd.Error as e:
                    assert e.errnum == errno.EPERM, e
                try:
                    h.pread(512, h.get_size())
                    assert False, "read past the end succeeded"
                except nbd.Error as e:
                    assert e.errnum == errno.EINVAL, e
                print("ok")
                """
            let result = try Command.run(Self.nbdsh + ["-u", server.uri("amd64"), "-c", "import errno", "-c", script])
            #expect(result.succeeded, "\(result.stderr)")
            #expect(result.stdout.contains("ok"))
        }
    }

    @Test func twoHundredNbdinfoClientsInBatches() async throws {
        try RequiredTool.require(["nbdinfo"], needsRoot: false)
        try await self.withServer { server, _, _ in
            // xargs runs 50 clients at a time and waits for each (no shell job control, whose `wait` hangs on
            // the signal mask a test process hands its children).
            for _ in 0..<4 {
                let arguments = (0..<50).map { _ in server.uri("amd64") }.joined(separator: "\n")
                let result = try Command.run(["xargs", "-P", "50", "-n", "1", "nbdinfo", "--size"], input: arguments)
                #expect(
                    result.stdout.split(separator: "\n").filter { $0 == "\(4 << 20)" }.count == 50,
                    "\(result.stderr)")
            }
        }
    }
}
