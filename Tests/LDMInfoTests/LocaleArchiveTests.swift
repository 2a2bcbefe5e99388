import Foundation
import LDMInfo
import Testing
import TestSupport

struct LocaleArchiveTests {
    /// An archive written by glibc's own localedef (`--prefix` keeps the host's untouched).
    @Test func readsTheNamesLocaledefWrote() throws {
        try RequiredTool.require(["localedef"], needsRoot: false)
        if !FileManager.default.fileExists(atPath: "/usr/share/i18n/locales/de_DE") {
            try RequiredTool.skip("the locales package (/usr/share/i18n/locales/de_DE)")
        }
        let prefix = try BuiltProducts.scratchDirectory("locales")
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        try FileManager.default.createDirectory(atPath: prefix + "/usr/lib/locale", withIntermediateDirectories: true)
        for (input, charset, name) in [("de_DE", "UTF-8", "de_DE.UTF-8"), ("fr_FR", "ISO-8859-1", "fr_FR")] {
            let result = try Command.run(["localedef", "--prefix=\(prefix)", "-i", input, "-f", charset, name])
            try #require(result.succeeded, "localedef: \(result.stderr)")
        }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: prefix + LocaleArchive.path)))
        #expect(try LocaleArchive.names(in: bytes).sorted() == ["de_DE.utf8", "fr_FR", "fr_FR.iso88591"])
        #expect(try LocaleArchive.names(in: bytes).compactMap(LocaleName.utf8Name) == ["de_DE.UTF-8"])
    }

    @Test func refusesWhatIsNotAnArchive() {
        #expect(throws: LocaleArchive.Failure.truncated) { try LocaleArchive.names(in: [1, 2, 3]) }
        #expect(throws: LocaleArchive.Failure.notAnArchive) {
            try LocaleArchive.names(in: Array(repeating: 0, count: 64))
        }
        // The right magic, and a table that points past the end.
        var header = [UInt8](repeating: 0, count: 56)
        header[0...3] = [0x09, 0x01, 0x02, 0xde]
        header[8] = 200
        header[16] = 1
        #expect(throws: LocaleArchive.Failure.truncated) { try LocaleArchive.names(in: header) }
    }

    @Test(
        arguments: [
            ("de_DE.utf8", "de_DE.UTF-8"), ("C.utf8", "C.UTF-8"), ("en_US.UTF-8", "en_US.UTF-8"),
            ("ca_ES.utf8@valencia", "ca_ES.UTF-8@valencia"), ("fr_FR", nil), ("fr_FR.iso88591", nil), (".utf8", nil),
        ] as [(String, String?)])
    func utf8Names(_ name: String, _ expected: String?) {
        #expect(LocaleName.utf8Name(name) == expected)
    }
}
