import Foundation
import Testing
import TestSupport

@testable import LDM

struct XAuthorityTests {
    let cookie: [UInt8] = Array(0..<16)

    @Test func bytesRoundTrip() throws {
        let authority = XAuthority(display: 7, hostname: "ltsp20", cookie: cookie)
        #expect(authority.bytes.prefix(4) == [0x01, 0x00, 0x00, 0x06])
        #expect(XAuthority(bytes: authority.bytes) == authority)
        #expect(XAuthority(bytes: Array(authority.bytes.dropLast())) == nil)
        #expect(XAuthority.hex([0x00, 0xab, 0x10]) == "00ab10")
    }

    /// xauth(1), which ssh and Xlib's own lookups agree with, reads our file.
    @Test func xauthReadsTheFile() throws {
        let xauth = try RequiredTool.located("xauth")
        let path = try BuiltProducts.scratchDirectory("xauth") + "/Xauthority"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try Data(XAuthority(display: 7, hostname: "ltsp20", cookie: cookie).bytes).write(to: URL(fileURLWithPath: path))
        let listed = try Command.run([xauth, "-f", path, "list"]).stdout
        #expect(listed.contains("ltsp20/unix:7  MIT-MAGIC-COOKIE-1  000102030405060708090a0b0c0d0e0f"))
        #expect(listed.contains("#ffff##:7  MIT-MAGIC-COOKIE-1  000102030405060708090a0b0c0d0e0f"))
    }

    @Test func serverCommandLine() {
        let command = XServerCommand(display: 7, authorityFile: "/run/ldm/07/Xauthority", listenTCP: false, depth: 16)
        #expect(
            command.arguments(displayFD: 3) == [
                "/usr/bin/Xorg", ":7", "vt7", "-auth", "/run/ldm/07/Xauthority", "-nolisten", "tcp", "-noreset",
                "-displayfd", "3", "-depth", "16",
            ])
        let direct = XServerCommand(display: 7, authorityFile: "a", listenTCP: true)
        #expect(direct.arguments(displayFD: 3).contains("-listen"))
    }
}
