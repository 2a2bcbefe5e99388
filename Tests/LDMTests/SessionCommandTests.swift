import Testing

@testable import LDM

struct SessionCommandTests {
    @Test func sessionQuotesEveryValueForTheRemoteShell() {
        let command = SessionCommand.session(
            xsession: "/etc/X11/Xsession", session: "/usr/bin/startxfce4",
            environment: [("LTSP_CLIENT", "192.168.67.20"), ("LANG", "de_DE.UTF-8"), ("NOTE", "it's $HOME")])
        #expect(
            command == "env LTSP_CLIENT='192.168.67.20' LANG='de_DE.UTF-8' NOTE='it'\\''s $HOME' "
                + "'/etc/X11/Xsession' '/usr/bin/startxfce4' </dev/null >/dev/null")
    }

    /// What the remote shell makes of the quoted words: exactly the values.
    @Test(arguments: [
        "plain", "it's", "$(reboot)", "`id`", "a b\tc", "'", "''", "\\", "\"", ";&|<>",
        "a'\u{301}; echo INJECTED #", "'\u{301}'\u{308}$(id)",
    ])
    func quotedWordsSurviveARealShell(_ value: String) throws {
        let result = try TestShell.run("printf '%s' \(ShellWord.quoted(value))")
        #expect(result == value)
    }

    @Test func cookieForDirectX() {
        #expect(
            SessionCommand.addCookie(display: "192.168.67.20:7", cookieHex: "00ff")
                == "xauth remove '192.168.67.20:7' >/dev/null 2>&1; xauth add '192.168.67.20:7' MIT-MAGIC-COOKIE-1 '00ff'"
        )
    }

    @Test func endingOtherSessionsIsValidShell() throws {
        // `sh -n` parses without running: the command and the script inside it.
        #expect(try TestShell.status("sh -n -c \(ShellWord.quoted(SessionCommand.endOtherSessions))") == 0)
        #expect(SessionCommand.endOtherSessions.hasPrefix("sh -c '"))
    }
}
