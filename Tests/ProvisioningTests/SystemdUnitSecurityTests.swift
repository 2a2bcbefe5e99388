import Foundation
import TestSupport
import Testing

@testable import Provisioning

/// The unit `configure` writes for `serve`, scored by systemd itself (`systemd-analyze security --offline`).
@Suite struct SystemdUnitSecurityTests {
    /// systemd's labels from most to least exposed; "OK" or better passes.
    static let acceptable = ["OK", "SAFE", "PERFECT"]

    @Test(arguments: ["kiwi-ltsp", "root"])
    func unitScoresOKOrBetter(user: String) throws {
        try RequiredTool.require(["systemd-analyze"], needsRoot: false)
        let scratch = try BuiltProducts.scratchDirectory("unit-security")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let unit = scratch + "/kiwi-ltsp.service"
        try SystemdUnitRenderer.serveUnit(executable: "/usr/local/bin/kiwi-ltsp", user: user)
            .write(toFile: unit, atomically: true, encoding: .utf8)
        let result = try Command.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", unit])
        let verdict = result.stdout.split(separator: "\n").last { $0.contains("Overall exposure level") }
        let words = verdict.map { $0.split(separator: " ").map(String.init) } ?? []
        // "→ Overall exposure level for kiwi-ltsp.service: 1.5 OK 🙂"
        guard let index = words.firstIndex(where: { Double($0) != nil }), index + 1 < words.count else {
            Issue.record("no score in: \(result.stdout) \(result.stderr)")
            return
        }
        #expect(Self.acceptable.contains(words[index + 1]), "score \(words[index]) \(words[index + 1])")
        #expect(Double(words[index])! < 2.0, "exposure \(words[index])")
    }

    @Test func unitRunsAsTheServiceUserWithTwoCapabilities() {
        let unit = SystemdUnitRenderer.serveUnit(executable: "/usr/local/bin/kiwi-ltsp", user: "kiwi-ltsp")
        let lines = Set(unit.split(separator: "\n").map(String.init))
        #expect(lines.contains("User=kiwi-ltsp"))
        #expect(lines.contains("AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW"))
        #expect(lines.contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_RAW"))
        #expect(lines.contains("StateDirectory=kiwi-ltsp") && lines.contains("RuntimeDirectory=kiwi-ltsp"))
        let root = SystemdUnitRenderer.serveUnit(executable: "/usr/local/bin/kiwi-ltsp", user: "root")
        #expect(!root.contains("User=") && root.contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_RAW"))
    }
}
