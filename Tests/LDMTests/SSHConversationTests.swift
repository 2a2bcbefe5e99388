import Testing

@testable import LDM

/// The conversation parser on OpenSSH 9.2's own output, recorded from a pseudo-terminal against Debian 12's sshd
/// (PAM; password authentication, and keyboard-interactive where noted). `\r` and the exact spacing are kept.
struct SSHConversationTests {
    static let sentinel = "KIWI-LTSP-LOGGED-IN-0123456789abcdef"

    /// Feeds `chunks` (each followed by a quiet moment with the given echo flag) and collects the actions.
    func run(_ steps: [Step]) -> [SSHConversation.Action] {
        var conversation = SSHConversation(sentinel: Self.sentinel)
        var actions: [SSHConversation.Action] = []
        for step in steps {
            switch step {
            case .output(let text): actions += conversation.handle(.output(Array(text.utf8)))
            case .quiet(let echo): actions += conversation.handle(.quiet(echo: echo))
            case .answer: actions += conversation.handle(.answered)
            case .exit(let status): actions += conversation.handle(.exited(status))
            case .silence: actions += conversation.handle(.silence)
            }
        }
        return actions
    }

    enum Step {
        case output(String)
        case quiet(echo: Bool)
        case answer
        case exit(Int32)
        case silence
    }

    @Test func passwordPromptThenSentinel() {
        let actions = run([
            .output("\ralice@192.168.67.1's password: "), .quiet(echo: false), .answer,
            .output("\r\n"), .output("\(Self.sentinel)\r\n"), .output("$ "),
        ])
        #expect(
            actions == [
                .ask(SSHPrompt(text: "alice@192.168.67.1's password:", hidden: true)),
                .loggedIn,
            ])
    }

    @Test func promptSplitAcrossReadsWaitsForQuiet() {
        var conversation = SSHConversation(sentinel: Self.sentinel)
        #expect(conversation.handle(.output(Array("\ralice@server's pass".utf8))).isEmpty)
        #expect(conversation.awaitsQuiet)
        // Quiet in the middle of a word is not a prompt: it does not end in ':'.
        #expect(conversation.handle(.quiet(echo: false)).isEmpty)
        #expect(conversation.handle(.output(Array("word: ".utf8))).isEmpty)
        #expect(
            conversation.handle(.quiet(echo: false))
                == [.ask(SSHPrompt(text: "alice@server's password:", hidden: true))])
    }

    @Test func wrongPasswordWithPasswordAuthenticationShowsSSHsMessage() {
        let actions = run([
            .output("\ralice@127.0.0.1's password: "), .quiet(echo: false), .answer,
            .output("\r\n"), .output("alice@127.0.0.1: Permission denied (publickey,password).\r\r\n"), .exit(255),
        ])
        #expect(actions.last == .failed(.permissionDenied("alice@127.0.0.1: Permission denied (publickey,password).")))
    }

    /// keyboard-interactive fails, then ssh tries the password method with a second prompt: the first answer was
    /// wrong, and the login stops instead of asking again.
    @Test func wrongPasswordWithKeyboardInteractiveStopsAtTheSecondPrompt() {
        let actions = run([
            .output("\r(alice@127.0.0.1) Password: "), .quiet(echo: false), .answer,
            .output("\r\n"), .output("\ralice@127.0.0.1's password: "), .quiet(echo: false),
        ])
        #expect(
            actions == [
                .ask(SSHPrompt(text: "(alice@127.0.0.1) Password:", hidden: true)),
                .failed(.permissionDenied("Permission denied, please try again.")),
            ])
    }

    @Test func expiredPasswordIsChangedThroughEveryPrompt() {
        let actions = run([
            .output("\rbob@127.0.0.1's password: "), .quiet(echo: false), .answer, .output("\r\n"),
            .output("You are required to change your password immediately (administrator enforced).\r\n"),
            .output("WARNING: Your password has expired.\r\nYou must change your password now and login again!\r\n"),
            .output("Changing password for bob.\r\nCurrent password: "), .quiet(echo: false), .answer,
            .output("\r\n"), .output("New password: "), .quiet(echo: false), .answer,
            .output("\r\n"), .output("Retype new password: "), .quiet(echo: false), .answer,
            .output("\r\n"), .output("passwd: password updated successfully\r\n"),
            .output("Connection to 127.0.0.1 closed.\r\r\n"), .exit(0),
        ])
        #expect(actions.count == 5)
        guard actions.count == 5, case .ask(let current) = actions[1], case .ask(let new) = actions[2],
            case .ask(let again) = actions[3]
        else { return }
        #expect(current.kind == .currentPassword)
        #expect(
            current.notice == [
                "You are required to change your password immediately (administrator enforced).",
                "WARNING: Your password has expired.", "You must change your password now and login again!",
                "Changing password for bob.",
            ])
        #expect(new.kind == .newPassword && new.hidden)
        #expect(again.kind == .retypeNewPassword)
        #expect(actions[4] == .passwordChanged)
    }

    @Test func changedHostKeyIsReported() {
        let output = """
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\r
            @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\r
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\r
            IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\r\r
            Someone could be eavesdropping on you right now (man-in-the-middle attack)!\r\r
            It is also possible that a host key has just been changed.\r\r
            The fingerprint for the ED25519 key sent by the remote host is\r
            SHA256:vZcEuEf2LVgovm2ZV9/5cvZwBu9nfdHnbVR8jMYeIsg.\r\r
            Please contact your system administrator.\r\r
            Add correct host key in /etc/ssh/ssh_known_hosts to get rid of this message.\r\r
            Offending ED25519 key in /etc/ssh/ssh_known_hosts:1\r\r
              remove with:\r\r
              ssh-keygen -f "/etc/ssh/ssh_known_hosts" -R "192.168.67.1"\r\r
            Host key for 192.168.67.1 has changed and you have requested strict checking.\r\r
            Host key verification failed.\r\r

            """
        let actions = run([.output(output), .exit(255)])
        guard case .failed(.hostKey(let message))? = actions.last else {
            Issue.record("\(actions)")
            return
        }
        #expect(message.contains("Host key for 192.168.67.1 has changed and you have requested strict checking."))
    }

    @Test func unknownHostKeyIsReported() {
        let actions = run([
            .output(
                "No ED25519 host key is known for 192.168.67.1 and you have requested strict "
                    + "checking.\r\r\nHost key verification failed.\r\r\n"), .exit(255),
        ])
        #expect(
            actions == [
                .failed(
                    .hostKey(
                        "No ED25519 host key is known for 192.168.67.1 and you have requested "
                            + "strict checking. Host key verification failed."))
            ])
    }

    @Test(arguments: [
        "ssh: connect to host 192.168.67.9 port 22: Connection refused",
        "ssh: connect to host 192.168.67.9 port 22: No route to host",
        "ssh: connect to host 192.168.67.9 port 22: Connection timed out",
        "ssh: Could not resolve hostname appserver: Name or service not known",
    ])
    func unreachableServers(_ line: String) {
        #expect(run([.output(line + "\r\r\n"), .exit(255)]) == [.failed(.unreachable(line))])
    }

    @Test func silenceBeforeAnythingIsNoResponse() {
        #expect(run([.silence]) == [.failed(.noResponse)])
    }

    @Test func silenceWhileAPromptIsOpenIsTheUsersTime() {
        #expect(run([.output("Password: "), .quiet(echo: false), .silence]).count == 1)
    }

    @Test func otherEndsGiveSSHsLastLine() {
        #expect(
            run([.output("Connection closed by 192.168.67.1 port 22\r\n"), .exit(255)])
                == [.failed(.other("Connection closed by 192.168.67.1 port 22"))])
        #expect(run([.exit(255)]) == [.failed(.other("ssh exited with status 255 before the login was complete."))])
    }

    @Test func oneTimeCodePromptIsAskedVisibleWhenTheTerminalEchoes() {
        let actions = run([.output("Verification code: "), .quiet(echo: true)])
        #expect(actions == [.ask(SSHPrompt(text: "Verification code:", hidden: false))])
        if case .ask(let prompt) = actions.first { #expect(prompt.kind == .other) }
    }

    @Test func aLineEndingInAColonIsNotAPromptOnceTheLineEnds() {
        #expect(run([.output("Last login: today\r\nNote:\r\n"), .quiet(echo: true)]).isEmpty)
    }

    @Test func nothingAfterTheEnd() {
        var conversation = SSHConversation(sentinel: Self.sentinel)
        #expect(conversation.handle(.output(Array("\(Self.sentinel)\n".utf8))) == [.loggedIn])
        #expect(conversation.handle(.exited(0)).isEmpty)
        #expect(conversation.isFinished)
    }
}
