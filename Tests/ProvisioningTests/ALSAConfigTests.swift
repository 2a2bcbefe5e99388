import Foundation
import Provisioning
import SystemSupport
import TestSupport
import Testing

/// The ALSA drop-in `configure` writes, read by the real ALSA library (`aplay -L`).
struct ALSAConfigTests {
    @Test func alsaTakesPulseAudioAsTheDefault() throws {
        try RequiredTool.require(["aplay"], needsRoot: false)
        if !ALSAConfigRenderer.pluginInstalled(root: RootDirectory("/")) {
            try RequiredTool.skip("libasound2-plugins (ALSA's pulse plugin)")
        }
        let directory = try BuiltProducts.scratchDirectory("alsa")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/99-kiwi-ltsp-pulse.conf"
        try ALSAConfigRenderer.render().write(toFile: file, atomically: true, encoding: .utf8)
        let listed = try Command.run(
            ["aplay", "-L"],
            environment: ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(file)"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let index = try #require(lines.firstIndex(of: "default"), "\(listed.stdout)")
        #expect(lines[index + 1].hasPrefix("PulseAudio (the thin client's speakers"), "\(listed.stdout)")
    }
}
