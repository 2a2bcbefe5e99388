import Testing

@testable import LDM

struct UserNameTests {
    @Test(arguments: ["alice", "Bob", "jane.doe", "jane_doe", "jane-doe", "jane@school.example", "u1000"])
    func acceptsOrdinaryNames(_ name: String) throws {
        #expect(try UserName(name).text == name)
    }

    /// LTSP 5 split its ssh command with a shell parser: each of these became an option, a second argument or a
    /// command. They are refused before ssh starts.
    @Test(arguments: [
        "-oProxyCommand=touch /tmp/pwned", "x -oProxyCommand=sh", "-l", "--", "alice bob", "alice\tbob",
        "alice;reboot", "$(reboot)", "`reboot`", "alice|sh", "alice&", "a'b", "a\"b", "a\\b", "alice\nroot",
        ".hidden", "", "al*ce", "alice>x", "ali ce", "alice\u{0}", "ãlice", String(repeating: "a", count: 257),
    ])
    func refusesHostileNames(_ name: String) {
        #expect(throws: LoginFailure.self) { try UserName(name) }
    }

    @Test func saysWhatIsWrong() {
        #expect(throws: LoginFailure.invalidUserName("A user name cannot start with '-' or '.'.")) {
            try UserName("-oProxyCommand=x")
        }
        #expect(throws: LoginFailure.invalidUserName("A user name cannot contain a space or control character.")) {
            try UserName("x -o")
        }
        #expect(throws: LoginFailure.invalidUserName("A user name cannot contain ';'.")) { try UserName("a;b") }
    }
}
