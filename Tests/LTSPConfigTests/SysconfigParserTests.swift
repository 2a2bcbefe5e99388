import SystemSupport
import Testing

@testable import LTSPConfig

struct SysconfigParserTests {
    static let values: [(String, String)] = [
        (#"A="plain""#, "plain"),
        (#"A=unquoted"#, "unquoted"),
        (#"A="two words""#, "two words"),
        (#"A='single $HOME "x"'"#, #"single $HOME "x""#),
        (#"A="escaped \" quote""#, #"escaped " quote"#),
        (#"A="dollar \$HOME and tick \`""#, "dollar $HOME and tick `"),
        (#"A="backslash \\ end""#, #"backslash \ end"#),
        (#"A="other \n stays""#, #"other \n stays"#),
        (#"A=back\ slash\ space"#, "back slash space"),
        (#"A="mixed"'parts'plain"#, "mixedpartsplain"),
        (#"A="hash # inside""#, "hash # inside"),
        (#"A="value" # trailing comment"#, "value"),
        (#"A="""#, ""),
        (#"A="#, ""),
        (#"export A="exported""#, "exported"),
        ("  A=\"indented\"  ", "indented"),
        ("A=\"tab\tinside\"", "tab\tinside"),
        (#"A=$NOT_EXPANDED"#, "$NOT_EXPANDED"),
        ("A=\"crlf\"\r", "crlf"),
    ]

    @Test(arguments: values)
    func quoting(line: String, expected: String) {
        let result = SysconfigParser().parse(line + "\n")
        #expect(result.errors == [])
        #expect(result.assignments == [SysconfigAssignment(key: "A", value: expected, line: 1)])
    }

    @Test func commentsBlankLinesAndLineNumbers() {
        let text = """
            ## Path: x
            # comment

            FIRST="1"
               # indented comment
            SECOND='2'
            """
        let result = SysconfigParser().parse(text)
        #expect(result.errors == [])
        #expect(
            result.assignments == [
                SysconfigAssignment(key: "FIRST", value: "1", line: 4),
                SysconfigAssignment(key: "SECOND", value: "2", line: 6),
            ])
    }

    @Test func multiLineQuotedValueKeepsItsStartLine() {
        let result = SysconfigParser().parse("A=\"one\ntwo\"\nB=\"x\\\ny\"\nC=3\n")
        #expect(result.errors == [])
        #expect(
            result.assignments == [
                SysconfigAssignment(key: "A", value: "one\ntwo", line: 1),
                SysconfigAssignment(key: "B", value: "xy", line: 3),
                SysconfigAssignment(key: "C", value: "3", line: 5),
            ])
    }

    static let errors: [(String, Int, String)] = [
        ("GOOD=1\nA = 1\n", 2, "no spaces are allowed around '='"),
        ("A=\"never closed\n", 1, "double quote opened here is never closed"),
        ("A='never closed\n", 1, "single quote opened here is never closed"),
        ("\n\nA=two words\n", 3, "unexpected 'words' after the value of A"),
        ("1A=x\n", 1, "expected KEY=value"),
        ("just text\n", 1, "expected KEY=value, found 'just text'"),
        ("WORD\n", 1, "expected KEY=value, found 'WORD'"),
        ("=x\n", 1, "expected KEY=value"),
    ]

    @Test(arguments: errors)
    func syntaxErrors(text: String, line: Int, message: String) {
        let result = SysconfigParser().parse(text)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.line == line)
        #expect(result.errors.first?.message.contains(message) == true, "\(result.errors)")
    }

    /// Found by `scripts/fuzz sysconfig`: `ShellQuoting.doubleQuoted` escaped by `Character`, and a `"` followed by a
    /// combining mark (U+0597) is one `Character` that is not `"`: the quote went out unescaped and ended the value
    /// early, for this parser and for the shell alike.
    @Test func doubleQuotedValuesReadBackWhenAQuoteCarriesACombiningMark() {
        let value = "escaped \"\u{0597}\u{FFFD}\u{FFFD}p"
        let line = "A=\(ShellQuoting.doubleQuoted(value))\n"
        #expect(line == "A=\"escaped \\\"\u{0597}\u{FFFD}\u{FFFD}p\"\n")
        let result = SysconfigParser().parse(line)
        #expect(result.errors == [])
        #expect(result.assignments == [SysconfigAssignment(key: "A", value: value, line: 1)])
    }

    @Test func badLineDoesNotHideLaterProblemsOrValues() {
        let result = SysconfigParser().parse("A = 1\nB=\"ok\"\nC=x y\nD=4\n")
        #expect(result.errors.map(\.line) == [1, 3])
        #expect(result.assignments.map(\.key) == ["B", "D"])
    }
}
