import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp info` on an lts.conf with a MAC section, a glob section and a LIKE group.
struct InfoCommandIntegrationTests {
    let binary = BuiltProducts.executable("kiwi-ltsp")

    static let ltsConf = """
        [default]
            SOUND = True
            TIMEZONE = "Europe/Berlin"
            LOCALDEV = True
        [52:54:00:12:34:56]
            LIKE = kiosk
            HOSTNAME = front-desk
        [kiosk]
            LDM_AUTOLOGIN = True
            LDM_USERNAME = kiosk
            LOCALDEV = NONE
        [192.168.67.*]
            TIMEZONE = Europe/Paris
        """

    func makeRoot() throws -> String {
        let root = try BuiltProducts.scratchDirectory("info")
        try FileManager.default.createDirectory(atPath: "\(root)/srv/tftpboot/KIWI", withIntermediateDirectories: true)
        try Self.ltsConf.write(toFile: "\(root)/srv/tftpboot/KIWI/lts.conf", atomically: true, encoding: .utf8)
        return root
    }

    func run(_ arguments: [String]) throws -> CommandResult {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build kiwi-ltsp first: \(binary)")
        return try Command.run([binary] + arguments)
    }

    @Test func tablePrintsEachVariableWithTheSectionThatSetIt() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try run(["info", "52:54:00:12:34:56", "--ip", "192.168.67.20", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        #expect(
            rows == [
                ["VARIABLE", "VALUE", "SECTION"],
                ["HOSTNAME", "front-desk", "[52:54:00:12:34:56]"],
                ["LDM_AUTOLOGIN", "True", "[kiosk]"],
                ["LDM_USERNAME", "kiosk", "[kiosk]"],
                ["SCREEN_07", "ldm", "(built-in", "default)"],
                ["SOUND", "True", "[default]"],
                ["TIMEZONE", "Europe/Paris", "[192.168.67.*]"],
            ])
    }

    @Test func shellFormatPrintsGetltscfgLines() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try run(["info", "192.168.67.31", "--format", "shell", "--root", root])
        #expect(
            result.stdout == """
                HOSTNAME="ltsp31"
                export HOSTNAME
                LOCALDEV="True"
                export LOCALDEV
                SCREEN_07="ldm"
                export SCREEN_07
                SOUND="True"
                export SOUND
                TIMEZONE="Europe/Paris"
                export TIMEZONE

                """)
    }

    @Test func jsonFormatCarriesSourceLines() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try run(["info", "52-54-00-12-34-56", "--format", "json", "--root", root])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["chain"] as? [String] == ["52:54:00:12:34:56", "kiosk", "default"])
        let variables = try #require(document["variables"] as? [[String: String]])
        #expect(
            variables.first { $0["name"] == "LDM_USERNAME" } == [
                "name": "LDM_USERNAME", "value": "kiosk", "section": "kiosk",
                "source": "\(root)/srv/tftpboot/KIWI/lts.conf:10",
            ])
    }

    @Test func aBadLtsConfNamesFileAndLine() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "KEY = before\n[default]\nA = 1\n".write(toFile: "\(root)/bad.conf", atomically: true, encoding: .utf8)
        let result = try run(["info", "pc1", "--lts-conf", "/bad.conf", "--root", root])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("\(root)/bad.conf:1: KEY is set before the first [section]; put it under [default]"))
    }
}
