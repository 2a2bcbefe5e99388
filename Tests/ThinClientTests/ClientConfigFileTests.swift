import LTSPConfig
import NetworkValues
import Testing
import ThinClient

struct ClientConfigFileTests {
    @Test func linesAreSortedByKey() {
        let file = ClientConfigFile(variables: ["SOUND": "Y", "HOSTNAME": "pc20", "LDM_THEME": "kiwi"])
        #expect(file.text == "HOSTNAME=\"pc20\"\nLDM_THEME=\"kiwi\"\nSOUND=\"Y\"\n")
    }

    @Test(arguments: [
        ("plain", #"X="plain""#),
        (#"say "hi""#, #"X="say \"hi\"""#),
        (#"C:\path"#, #"X="C:\\path""#),
        ("$HOME and `id`", #"X="\$HOME and \`id\`""#),
        ("it's", #"X="it's""#),
        // A quote with a combining mark is still a quote to the shell that sources it (`scripts/fuzz sysconfig`).
        ("a\"\u{301}; reboot #", "X=\"a\\\"\u{301}; reboot #\""),
        ("", #"X="""#),
    ])
    func valuesAreQuotedForTheShell(value: String, line: String) {
        #expect(ClientConfigFile(variables: ["X": value]).text == line + "\n")
    }

    @Test func resolutionBecomesTheFile() throws {
        let identity = ClientIdentity(ipAddress: IPv4Address("192.168.67.20"), prefixLength: 24)
        let file = ClientConfigFile(
            try LTSConfText.resolve(
                "[default]\n  SCREEN_02 = shell\n", for: identity,
                builtInDefaults: true))
        #expect(file.text == "HOSTNAME=\"ltsp20\"\nSCREEN_02=\"shell\"\n")
        #expect(file.variables.count == 2)
    }
}
