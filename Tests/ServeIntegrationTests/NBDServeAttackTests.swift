import Foundation
import Testing
import TestSupport

/// Attacks on the NBD server of a real `kiwi-ltsp serve`: connections that never finish the handshake, and writes
/// of the largest payload to the read-only image.
@Suite(.serialized)
struct NBDServeAttackTests {
    func start(_ label: String) throws -> (ServeHarness, String, String) {
        let (harness, image) = try NBDServeTests.start(label, tools: ["python3", "nbdcopy", "sha256sum"])
        let probe = try #require(Bundle.module.path(forResource: "nbd_probe", ofType: "py"))
        return (harness, image, probe)
    }

    /// 1,000 connections that stop in the handshake (half before the client flags, half after): nbdcopy still
    /// copies the image intact meanwhile, threads and memory stay bounded, and the handshake timeout (10 s) closes
    /// every one of them.
    @Test func connectionsThatNeverFinishTheHandshakeAreClosed() throws {
        let (harness, image, probe) = try start("nbd-attack-idle")
        let serve = try #require(harness.serve)
        let copy = harness.root.path + "/copy.img"
        let result = try harness.client([
            "python3", probe, "idle", "127.0.0.1", "10809", "1000", "\(serve.pid)", "15",
            "--", "nbdcopy", "nbd://127.0.0.1/amd64", copy,
        ])
        print("NBD idle connections: \(result.stdout)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "\(result.stderr)")
        #expect(report["command"] as? Int == 0, "nbdcopy beside 1,000 idle connections: \(report["stderr"] ?? "")")
        #expect(try sha256(copy) == (try sha256(image)))
        #expect(report["closed_by_server"] as? Int == 1000, "the handshake timeout closes them all")
        func usage(_ key: String) throws -> [String: Int] { try #require(report[key] as? [String: Int]) }
        let (before, during, after) = (try usage("before"), try usage("during"), try usage("after"))
        #expect(during["threads"]! <= before["threads"]! + 8, "threads: \(before) → \(during)")
        #expect(during["rss_kib"]! <= before["rss_kib"]! + 128 * 1024, "memory: \(before) → \(during)")
        #expect(after["fds"]! <= before["fds"]! + 8, "descriptors not freed: \(before) → \(after)")
        #expect(serve.isRunning)
    }

    /// A 32 MiB WRITE to the read-only image is refused (EPERM) from its header, before a byte of payload is sent;
    /// the payload that follows is skipped, and the same connection reads on.
    @Test func aWriteToTheReadOnlyImageIsRefusedFromItsHeader() throws {
        let (harness, image, probe) = try start("nbd-attack-write")
        let result = try harness.client(["python3", probe, "rowrite", "127.0.0.1", "10809", "amd64", "\(32 << 20)"])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "\(result.stderr)")
        print("NBD write to the read-only export: \(result.stdout)")
        #expect(report["write_error"] as? Int == 1, "EPERM")
        #expect(report["read_error"] as? Int == 0 && report["read_bytes"] as? Int == 4096)
        let copy = harness.root.path + "/copy.img"
        #expect(try harness.client(["nbdcopy", "nbd://127.0.0.1/amd64", copy]).status == 0)
        #expect(try sha256(copy) == (try sha256(image)), "the image is unchanged")
        #expect(harness.serve?.isRunning == true)
    }
}
