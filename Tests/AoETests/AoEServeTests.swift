import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp serve --only aoe` on the lab's veth pair, spoken to by a hand-made initiator (`aoe-client.py`, an
/// AF_PACKET raw socket in the client namespace that can take any source MAC): discovery, IDENTIFY, the whole image
/// read and compared, writes refused, hostile frames, a broadcast flood, and the image swap.
@Suite(.serialized)
struct AoEServeTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/aoe-client.py"
    static let imageSectors = 4096

    struct Lab {
        let lab: VirtualLab
        let root: ScratchRoot
        let serve: ServeProcess
        var image: String { root.path + "/srv/kiwi-ltsp/amd64.img" }

        /// The initiator's answers to `commands` (after a `discover`), one line each.
        func client(_ commands: [String]) throws -> [String] {
            let result = try lab.client.exec(
                ["python3", AoEServeTests.script, "br0"],
                input: (["discover"] + commands).joined(separator: "\n") + "\n",
                check: false)
            guard result.succeeded else { throw TestFailure("aoe-client.py: \(result.stderr)") }
            return result.stdout.split(separator: "\n").map(String.init)
        }
    }

    static func writeImage(_ path: String, seed: UInt8) throws -> String {
        var bytes = [UInt8](repeating: 0, count: imageSectors * 512)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index / 512) &+ seed &* 31 }
        try Data(bytes).write(to: URL(fileURLWithPath: path + ".new"))
        guard rename(path + ".new", path) == 0 else { throw TestFailure("rename \(path)") }
        return try sha256(path)
    }

    static func start(_ label: String) throws -> (Lab, String) {
        try RequiredTool.require(["python3", "ip"])
        let lab = try VirtualLab()
        let root = try ScratchRoot(
            label,
            settings: [
                "DHCP_IFACES": "vs0", "SERVER_IP": "192.168.67.1", "DHCP_MODE": "off", "NAT": "no",
                "DNS_SERVERS": "192.168.67.1", "ROOT_TYPE": "aoe", "AOE_SHELF": "7", "AOE_SLOT": "3",
            ])
        try FileManager.default.createDirectory(atPath: root.path + "/srv/kiwi-ltsp", withIntermediateDirectories: true)
        let digest = try writeImage(root.path + "/srv/kiwi-ltsp/amd64.img", seed: 1)
        let serve = try ServeProcess(
            arguments: ["--root", root.path, "--only", "aoe"], namespace: lab.server, ready: "AoE target e7.3 on vs0")
        return (Lab(lab: lab, root: root, serve: serve), digest)
    }

    @Test func discoveryIdentifyAndTheWholeImage() throws {
        let (lab, digest) = try Self.start("aoe-read")
        defer { lab.root.remove() }
        let lines = try lab.client(["identify", "readall \(Self.imageSectors) 2", "write 0", "read 4095 2", "read 0 2"])
        try #require(lines.count == 6, "\(lines) \(lab.serve.log)")
        let target = lines[0].split(separator: " ")
        #expect(target.first == "target" && target[1] == "7.3", "\(lines[0])")
        #expect(target[3] == "2", "sectors per frame at MTU 1500: \(lines[0])")
        #expect(lines[1] == "sectors \(Self.imageSectors) lba48 1 status 64")
        #expect(lines[2].hasPrefix("sha256 \(digest) "), "\(lines[2])")
        #expect(lines[3] == "status 65 error 4", "a write is aborted: \(lines[3])")
        #expect(lines[4].hasPrefix("status 65 error 16"), "past the end: \(lines[4])")
        #expect(lines[5].hasPrefix("status 64 error 0 sha256 "), "\(lines[5])")
        #expect(lab.serve.log.contains("aoe-attach e7.3"), "\(lab.serve.log)")
        _ = try lab.serve.terminate()
    }

    /// Short, wrong-version, unknown-command and out-of-range frames are answered with an error or dropped; a flood
    /// of broadcasts from 5000 made-up MACs leaves the target answering.
    @Test func hostileFramesAndAFlood() throws {
        let (lab, _) = try Self.start("aoe-hostile")
        defer { lab.root.remove() }
        let lines = try lab.client([
            "raw 10000007",  // short
            "raw 20000007030100000005",  // version 2, to this target
            "raw 10000007037f00000006",  // unknown command
            "raw 10000007030000000007" + "40000124" + "ffffffffffff0000",  // READ EXT at the last 48-bit LBA
            "raw 1000ffffff0200000008",  // unknown command, broadcast
            "flood 5000",
            "identify",
        ])
        try #require(lines.count == 8, "\(lines) \(lab.serve.log)")
        #expect(lines[1] == "none")
        // R and E set, error 5 (unsupported version) or 1 (unrecognized command), the tag echoed.
        #expect(lines[2] == "reply 1c050007030100000005", "\(lines[2])")
        #expect(lines[3] == "reply 1c01000703" + "7f00000006", "\(lines[3])")
        // R only; the ATA status 0x41 with IDNF (0x10).
        #expect(lines[4].hasPrefix("reply 18000007030000000007" + "40100141"), "\(lines[4])")
        #expect(lines[5] == "none")
        #expect(lines[6] == "sent 5000")
        #expect(lines[7] == "sectors \(Self.imageSectors) lba48 1 status 64")
        #expect(lab.serve.isRunning)
        _ = try lab.serve.terminate()
    }

    /// A client keeps the image it opened when a new one is renamed into place; a client that comes after gets the
    /// new one.
    @Test func aClientKeepsItsImageAcrossASwap() throws {
        let (lab, _) = try Self.start("aoe-swap")
        defer { lab.root.remove() }
        let old = try lab.client(["as 02:00:00:00:00:0a", "read 100 2"])
        try #require(old.count == 3, "\(old)")
        _ = try Self.writeImage(lab.image, seed: 2)
        let after = try lab.client(["as 02:00:00:00:00:0a", "read 100 2", "as 02:00:00:00:00:0b", "read 100 2"])
        try #require(after.count == 5, "\(after)")
        #expect(after[2] == old[2], "the first client still reads the old image")
        #expect(after[4] != old[2] && after[4].hasPrefix("status 64 error 0"), "a new client reads the new one")
        _ = try lab.serve.terminate()
    }
}
