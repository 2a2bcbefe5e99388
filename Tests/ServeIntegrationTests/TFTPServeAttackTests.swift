import Foundation
import TFTP
import Testing
import TestSupport

/// Attacks on the TFTP server of a real `kiwi-ltsp serve`: thousands of crafted names, a directory swapped for a
/// symlink while requests arrive, and a flood of clients that never acknowledge.
@Suite(.serialized)
struct TFTPServeAttackTests {
    /// A root with secrets beside it, symlinks that lead out of it, and `race/dir` (a directory inside) next to
    /// `race/link` (a symlink to a directory outside holding a secret of the same name).
    struct Scene {
        let harness: ServeHarness
        let insideHashes: Set<String>
        let secretHashes: Set<String>

        init(_ label: String, settings: [String: String] = ScratchRoot.loopback) throws {
            harness = try ServeHarness(label, settings: settings)
            let root = harness.root.path, tftp = harness.root.tftpRoot
            let files = FileManager.default
            try files.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
            try files.createDirectory(atPath: tftp + "/race/dir", withIntermediateDirectories: true)
            let secrets = [
                root + "/srv/secret.txt": "TOP SECRET\n", root + "/outside/secret.txt": "TOP SECRET race\n",
                root + "/secret.txt": "TOP SECRET root\n",
            ]
            for (path, text) in secrets { try text.write(toFile: path, atomically: true, encoding: .utf8) }
            let inside = [tftp + "/race/dir/secret.txt": "inside\n", tftp + "/KIWI/lts.conf": "fine\n"]
            for (path, text) in inside { try text.write(toFile: path, atomically: true, encoding: .utf8) }
            let links = [
                "escape-link": root + "/srv/secret.txt", "escape-dir": root + "/srv", "escape-abs": "/etc/passwd",
                "KIWI/loop": "loop", "KIWI/escape-relative": "../../secret.txt", "race/link": root + "/outside",
            ]
            for (name, target) in links {
                try files.createSymbolicLink(atPath: tftp + "/" + name, withDestinationPath: target)
            }
            insideHashes = Set(try inside.keys.map(sha256))
            secretHashes = Set(try (Array(secrets.keys) + ["/etc/passwd"]).map(sha256))
        }

        var probe: String { get throws { try #require(Bundle.module.path(forResource: "tftp_probe", ofType: "py")) } }
    }

    /// Every name of ``HostileTFTPNames`` (over 2,000) read to the end by a raw client: each is refused or serves a
    /// file from inside the root, never a byte of a secret. Then 3,000 reads of `race/dir/secret.txt` while another
    /// process swaps `race/dir` and the symlink `race/link` with `renameat2(RENAME_EXCHANGE)` as fast as it can.
    @Test func craftedNamesAndASymlinkRaceReadNothingFromOutsideTheRoot() throws {
        try ServeHarness.requireTools(["python3", "curl"])
        let scene = try Scene("tftp-attack-names")
        try scene.harness.start()
        let names = HostileTFTPNames.all
        #expect(names.count >= 1000)
        let hex = names.map { $0.map { String(format: "%02x", $0) }.joined() }
        let result = try scene.harness.client(["python3", try scene.probe, "names", "127.0.0.1", "69"] + hex)
        let replies = result.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(replies.count == names.count, "\(result.stderr)")
        var counts: [String: Int] = [:]
        for reply in replies where reply.count == 3 {
            counts[String(reply[1]), default: 0] += 1
            guard reply[1] == "data" else { continue }
            let name = String(decoding: [UInt8](hexString: String(reply[0])), as: UTF8.self)
            #expect(!scene.secretHashes.contains(String(reply[2])), "\(name.debugDescription) read a secret")
            #expect(scene.insideHashes.contains(String(reply[2])), "\(name.debugDescription) read something else")
        }
        print("TFTP hostile names: \(names.count) sent, replies \(counts)")
        #expect((counts["error"] ?? 0) >= names.count - 200, "most names are refused with an ERROR packet: \(counts)")

        let tftp = scene.harness.root.tftpRoot
        let race = try scene.harness.client([
            "python3", try scene.probe, "race", "127.0.0.1", "69", "race/dir/secret.txt",
            "3000", tftp + "/race/dir", tftp + "/race/link",
        ])
        var outcomes: [String: Int] = [:]
        for line in race.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let count = Int(parts[1]) { outcomes[String(parts[0]), default: 0] += count }
        }
        print("TFTP symlink race: \(outcomes)")
        #expect(outcomes.values.reduce(0, +) == 3000, "\(race.stdout)\(race.stderr)")
        #expect(scene.secretHashes.isDisjoint(with: outcomes.keys), "the race leaked a file from outside: \(outcomes)")
        // "timeout": the per-source rate limit (2,000 at once, 1,000 a second) drops some of 5,000 requests.
        #expect(
            outcomes.keys.allSatisfy { scene.insideHashes.contains($0) || ["error", "timeout"].contains($0) },
            "\(outcomes)")
        #expect(outcomes[try sha256(tftp + "/KIWI/lts.conf")] == nil)
        // The server still serves afterwards.
        let good = try scene.harness.client(["curl", "-sS", "tftp://127.0.0.1/KIWI/lts.conf", "-o", "-"])
        #expect(good.stdout == "fine\n")
    }

    /// 5,000 read requests from ten addresses whose clients never acknowledge: each address holds at most
    /// TFTP_MAX_TRANSFERS_PER_CLIENT (64) transfers, the rest are told the server is busy; threads, descriptors and
    /// memory stay bounded; curl from another address gets its file during the flood; and once the retransmission
    /// cap has passed (1 s timeout × 5 retransmits) every transfer is freed, and the transfer threads idle since
    /// then have ended.
    @Test func silentClientsHoldBoundedResourcesAndAreFreed() throws {
        try ServeHarness.requireTools(["python3", "curl", "sha256sum"])
        let harness = try ServeHarness("tftp-attack-silent")
        let source = try harness.root.writeTFTPFile("KIWI/linux-ltsp", size: 1 << 20)
        try harness.start()
        let serve = try #require(harness.serve)
        let output = harness.root.path + "/download"
        let sources = (1...10).map { "127.0.1.\($0)" }.joined(separator: ",")
        let result = try harness.client(
            [
                "python3", try #require(Bundle.module.path(forResource: "tftp_probe", ofType: "py")), "silent",
                "127.0.0.1", "69", "KIWI/linux-ltsp", "5000", "\(serve.pid)", "12", sources, "--",
                "curl", "-sS", "--tftp-blksize", "1468", "tftp://127.0.0.1/KIWI/linux-ltsp", "-o", output,
            ])
        print("TFTP silent flood: \(result.stdout)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "\(result.stderr)")
        let replies = try #require(report["replies"] as? [String: Int])
        #expect(replies["data"] == 640, "ten addresses × 64 transfers started: \(replies)")
        #expect(replies["busy"] == 5000 - 640, "\(replies)")
        #expect(report["command"] as? Int == 0, "curl during the flood: \(report["stderr"] ?? "")")
        #expect(try sha256(output) == (try sha256(source)))
        func usage(_ key: String) throws -> [String: Int] { try #require(report[key] as? [String: Int]) }
        let (before, during, after) = (try usage("before"), try usage("during"), try usage("after"))
        // Each transfer has a thread of its own up to the limit; a thread holds an epoll and an eventfd.
        let threadLimit = TFTPServerConfiguration(bindAddresses: []).transferThreads
        #expect(during["threads"]! <= before["threads"]! + threadLimit + 8, "threads: \(before) → \(during)")
        // A transfer holds its socket and its file.
        #expect(
            during["fds"]! <= before["fds"]! + 2 * 640 + 2 * threadLimit + 32, "descriptors: \(before) → \(during)")
        #expect(during["rss_kib"]! <= before["rss_kib"]! + 256 * 1024, "memory: \(before) → \(during)")
        #expect(after["fds"]! <= before["fds"]! + 8, "descriptors not freed: \(before) → \(after)")
        #expect(after["threads"]! <= before["threads"]! + 8, "threads: \(before) → \(after)")
    }
}
