import GreeterProtocol
import Testing

/// The line protocol between ldm and the greeter, both ways, with the exact lines.
struct GreeterProtocolTests {
    static let requests: [(GreeterRequest, String)] = [
        (.prompt("Username:"), "prompt Username:"),
        (.hiddenPrompt("alice@server's password:"), "prompts alice@server's password:"),
        (.message("Permission denied.\nTry again."), "msg Permission denied.\\nTry again."),
        (.message(""), "msg "),
        (.busy("Logging in…"), "busy Logging in…"),
        (.allowGuest(true), "allowguest true"),
        (.allowGuest(false), "allowguest false"),
        (
            .choice(.host, GreeterMenuItem(value: "10.0.0.1", label: "10.0.0.1 (load rating 80)")),
            "choice host 10.0.0.1\t10.0.0.1 (load rating 80)"
        ),
        (
            .choice(.session, GreeterMenuItem(value: "sh -c 'a\tb'", label: "Odd\\Name")),
            "choice session sh -c 'a\\tb'\tOdd\\\\Name"
        ),
        (.select(.language, "de_DE.UTF-8"), "select language de_DE.UTF-8"),
        (.countdown(30), "countdown 30"),
        (.quit, "quit"),
    ]

    static let replies: [(GreeterReply, String)] = [
        (.ready, "ready"),
        (.entry("alice"), "entry alice"),
        (.entry(""), "entry "),
        (.entry("pa ss\tword\\"), "entry pa ss\\tword\\\\"),
        (.selected(.host, "10.0.0.2"), "selected host 10.0.0.2"),
        (.guest, "guest"),
        (.timeout, "timeout"),
        (.reboot, "reboot"),
        (.shutdown, "shutdown"),
    ]

    @Test(arguments: requests.indices)
    func requestLines(_ index: Int) throws {
        let (request, line) = Self.requests[index]
        #expect(request.line == line)
        #expect(try GreeterRequest(line: Substring(line)) == request)
    }

    @Test(arguments: replies.indices)
    func replyLines(_ index: Int) throws {
        let (reply, line) = Self.replies[index]
        #expect(reply.line == line)
        #expect(try GreeterReply(line: Substring(line)) == reply)
    }

    /// The old greeter's way of saying "guest" is a user name now, not a button.
    @Test func ltsp5GuestMarkerIsJustText() throws {
        #expect(try GreeterReply(line: "entry @GUEST@") == .entry("@GUEST@"))
    }

    @Test(arguments: [
        "hello", "prompt", "countdown -1", "countdown x", "allowguest maybe", "choice nomenu x\ty", "choice host x",
        "select", "quit now", "msg bad\\q", "msg trailing\\",
    ])
    func badRequests(_ line: String) {
        #expect(throws: GreeterProtocolError.self) { try GreeterRequest(line: Substring(line)) }
    }

    @Test(arguments: ["entry", "ready now", "selected", "selected nomenu x", "guest x", "bogus", "entry a\\x"])
    func badReplies(_ line: String) {
        #expect(throws: GreeterProtocolError.self) { try GreeterReply(line: Substring(line)) }
    }

    /// Lines arrive in pieces over a pipe: whole lines come out, the rest waits; bytes one at a time give the same.
    @Test func splitterJoinsPieces() throws {
        let stream = Array("prompt User\nmsg a\\nb\nquit\n".utf8)
        var whole = GreeterLine.Splitter()
        let lines = try whole.feed(stream)
        #expect(lines == ["prompt User", "msg a\\nb", "quit"])
        var bytewise = GreeterLine.Splitter()
        var collected: [String] = []
        for byte in stream { collected += try bytewise.feed([byte]) }
        #expect(collected == lines)
        #expect(
            try lines.map { try GreeterRequest(line: Substring($0)) }
                == [.prompt("User"), .message("a\nb"), .quit])
    }

    @Test func splitterRefusesEndlessLines() {
        var splitter = GreeterLine.Splitter(maximumLength: 8)
        #expect(throws: GreeterProtocolError.lineTooLong(8)) { try splitter.feed(Array("0123456789".utf8)) }
    }
}
