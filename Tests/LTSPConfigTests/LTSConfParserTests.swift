import Glibc
import SystemSupport
import Testing

@testable import LTSPConfig

struct LTSConfParserTests {
    func parse(_ text: String, files: [String: String] = [:]) throws(LTSConfError) -> LTSConfDocument {
        let parser = LTSConfParser(loader: { path throws(LTSConfReadError) in
            guard let text = files[path] else {
                throw LTSConfReadError(SystemError(path: path, operation: "open", errno: ENOENT))
            }
            return text
        })
        return try parser.parse(text, file: "/srv/tftpboot/KIWI/lts.conf")
    }

    func value(_ text: String) throws -> String? {
        try parse("[default]\n" + text + "\n").section(named: "default")?.entries.first?.value
    }

    @Test(arguments: [
        ("A = plain", "plain"),
        ("A=plain", "plain"),
        ("A = two words", "two words"),
        (#"A = "quoted # not a comment""#, "quoted # not a comment"),
        (#"A = "first "inner" last""#, #"first "inner" last"#),
        (#"A = "no \"escapes""#, #"no \"escapes"#),
        ("A = 'single' # comment", "'single'"),
        ("A = value # comment", "value"),
        ("A = x=y", "x=y"),
        ("A =", ""),
        (#"A = """#, ""),
    ])
    func values(line: String, expected: String) throws {
        #expect(try value(line) == expected)
    }

    /// A file saved with Windows line ends ("\r\n" is one Swift Character) reads like the same file with LF.
    @Test func windowsLineEndsReadLikeUnixOnes() throws {
        let unix = "[default]\n    SOUND = True\n[lab01]\n    LDM_USERNAME = \"guest 1\"\n"
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(windows.unicodeScalars.filter { $0 == "\r" }.count == 4)
        let document = try parse(windows)
        #expect(document.sections.map(\.name) == ["default", "lab01"])
        #expect(document.section(named: "lab01")?.entries.first?.value == "guest 1")
        #expect(
            document.sections.map { $0.entries.map(\.value) }
                == (try parse(unix)).sections.map { $0.entries.map(\.value) })
    }

    @Test func keysAreUpperCasedAndSectionsKeepTheirPlaces() throws {
        let document = try parse("# top\n\n[Default]\n  ldm_directx = True\n[00:11:22:33:44:55]\nLIKE = lab\n")
        #expect(document.sections.map(\.name) == ["Default", "00:11:22:33:44:55"])
        #expect(
            document.section(named: "DEFAULT")?.entries
                == [LTSConfEntry(key: "LDM_DIRECTX", value: "True", file: "/srv/tftpboot/KIWI/lts.conf", line: 4)])
        #expect(document.section(named: "00:11:22:33:44:55")?.likes == ["lab"])
    }

    @Test(arguments: [
        ("A = 1\n[default]\nB = 2\n", 1, "A is set before the first [section]; put it under [default]"),
        ("[default]\nA = 1\n[empty]\n[next]\nB = 2\n", 3, "section [empty] has no entries"),
        ("[default]\nA = 1\n[last]\n", 3, "section [last] has no entries"),
        ("[default\nA = 1\n", 1, "section header '[default' has no closing ']'"),
        ("[]\nA = 1\n", 1, "empty section name"),
        ("[default]\njust words\n", 2, "expected KEY = value or [section], found 'just words'"),
        ("[default]\n1ABC = x\n", 2, "'1ABC' is not a valid variable name"),
        ("[default]\nA-B = x\n", 2, "'A-B' is not a valid variable name"),
    ])
    func syntaxErrorsNameFileAndLine(text: String, line: Int, message: String) {
        #expect(throws: LTSConfError(file: "/srv/tftpboot/KIWI/lts.conf", line: line, message: message)) {
            try parse(text)
        }
    }

    @Test func includeInlinesRelativeAndAbsoluteFiles() throws {
        let document = try parse(
            "[default]\nA = 1\ninclude lab.conf\n[z]\nZ = 1\n",
            files: [
                "/srv/tftpboot/KIWI/lab.conf": "B = 2\ninclude \"/etc/more.conf\"\n",
                "/etc/more.conf": "[lab]\nC = 3\n",
            ])
        #expect(document.section(named: "default")?.entries.map(\.key) == ["A", "B"])
        #expect(document.section(named: "lab")?.entries.first?.file == "/etc/more.conf")
        #expect(document.section(named: "lab")?.entries.first?.line == 2)
        #expect(document.sections.map(\.name) == ["default", "lab", "z"])
    }

    @Test func includeErrorsNameTheIncludingLine() {
        #expect(
            throws: LTSConfError(
                file: "/srv/tftpboot/KIWI/lts.conf", line: 2,
                message: "/srv/tftpboot/KIWI/lts.conf is included more than once")
        ) {
            try parse("[default]\ninclude lts.conf\nA = 1\n")
        }
        #expect(throws: LTSConfError.self) { try parse("[default]\nA = 1\ninclude missing.conf\n") }
        let errorInIncluded = #expect(throws: LTSConfError.self) {
            try parse("[default]\nA = 1\ninclude bad.conf\n", files: ["/srv/tftpboot/KIWI/bad.conf": "\nnot valid\n"])
        }
        #expect(errorInIncluded?.file == "/srv/tftpboot/KIWI/bad.conf")
        #expect(errorInIncluded?.line == 2)
    }

    @Test func atMostTenIncludes() throws {
        var files: [String: String] = [:]
        var text = "[default]\nA = 1\n"
        for index in 1...11 {
            files["/srv/tftpboot/KIWI/\(index).conf"] = "K\(index) = \(index)\n"
            text += "include \(index).conf\n"
        }
        #expect(
            throws: LTSConfError(
                file: "/srv/tftpboot/KIWI/lts.conf", line: 13,
                message: "more than 10 included files")
        ) { try parse(text, files: files) }
        text = text.split(separator: "\n").dropLast().joined(separator: "\n")
        #expect(try parse(text, files: files).section(named: "default")?.entries.count == 11)
    }
}
