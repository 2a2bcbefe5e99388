import GreeterProtocol
import Testing

@testable import Greeter

struct GreeterModelTests {
    func model(_ requests: [GreeterRequest]) -> GreeterModel {
        var model = GreeterModel(hostname: "pc07", address: "192.168.67.20")
        requests.forEach { model.apply($0) }
        return model
    }

    @Test func typingAndEnterAnswerThePrompt() {
        var greeter = model([.prompt("Username:")])
        #expect(greeter.press(.text("alicx")).isEmpty)
        #expect(greeter.press(.backspace).isEmpty)
        _ = greeter.press(.text("e"))
        #expect(greeter.shownEntry == "alice")
        #expect(greeter.press(.enter) == [.entry("alice")])
        #expect(greeter.promptLabel == nil && greeter.entry.isEmpty)
        // No prompt: keys do nothing.
        #expect(greeter.press(.text("x")).isEmpty && greeter.press(.enter).isEmpty)
    }

    @Test func hiddenPromptShowsBullets() {
        var greeter = model([.hiddenPrompt("Password:")])
        _ = greeter.press(.text("s3cret"))
        #expect(greeter.shownEntry == "••••••")
        #expect(greeter.press(.enter) == [.entry("s3cret")])
    }

    @Test func controlCharactersAndLongEntriesAreKeptOut() {
        var greeter = model([.prompt("Username:")])
        _ = greeter.press(.text("a\u{1b}b\u{7f}c\n"))
        #expect(greeter.entry == "abc")
        _ = greeter.press(.text(String(repeating: "x", count: 300)))
        #expect(greeter.entry == "abc")
        _ = greeter.press(.escape)
        #expect(greeter.entry.isEmpty)
    }

    @Test func functionKeysStepMenusAndPowerNeedsTwoPresses() {
        var greeter = model([
            .choice(.session, GreeterMenuItem(value: "default", label: "Default")),
            .choice(.session, GreeterMenuItem(value: "xterm", label: "XTerm")),
            .choice(.host, GreeterMenuItem(value: "only", label: "only")),
            .prompt("Username:"),
        ])
        #expect(greeter.press(.function(2)) == [.selected(.session, "xterm")])
        #expect(greeter.press(.function(2)) == [.selected(.session, "default")])
        #expect(greeter.press(.function(4)).isEmpty)
        #expect(greeter.press(.function(11)).isEmpty)
        #expect(greeter.statusLine == "Press F11 again to reboot.")
        #expect(greeter.press(.function(11)) == [.reboot])
        #expect(greeter.press(.function(12)).isEmpty)
        _ = greeter.press(.text("a"))
        #expect(greeter.press(.function(12)).isEmpty)
        #expect(greeter.press(.function(12)) == [.shutdown])
    }

    @Test func guestOnlyWhenAllowed() {
        var greeter = model([.prompt("Username:")])
        #expect(greeter.press(.function(5)).isEmpty)
        greeter.apply(.allowGuest(true))
        #expect(greeter.press(.function(5)) == [.guest])
    }

    @Test func countdownRunsWhileTheEntryIsEmpty() {
        var greeter = model([.countdown(3), .allowGuest(true), .prompt("Username:")])
        #expect(greeter.tick().isEmpty)
        #expect(greeter.statusLine == "Logging in as guest in 2 s")
        _ = greeter.press(.text("a"))
        #expect(greeter.tick().isEmpty && greeter.countdownLeft == 2)
        _ = greeter.press(.backspace)
        #expect(greeter.countdownLeft == 3)
        #expect(greeter.tick().isEmpty && greeter.tick().isEmpty)
        #expect(greeter.tick() == [.timeout])
        #expect(greeter.tick().isEmpty)
    }

    @Test func busyHidesThePromptAndQuitFinishes() {
        var greeter = model([.prompt("Username:"), .busy("Logging in…")])
        #expect(greeter.promptLabel == nil && greeter.busy == "Logging in…")
        greeter.apply(.prompt("Username:"))
        #expect(greeter.busy == nil)
        greeter.apply(.quit)
        #expect(greeter.finished)
    }

    /// Keys typed before ldm's first prompt, or while it logs in, fill the next prompt; a typed-ahead Enter answers
    /// it at once (a user who types as soon as the screen shows loses nothing).
    @Test func whatIsTypedAheadFillsTheNextPrompt() {
        var greeter = model([])
        for key: GreeterKey in [.text("kiwj"), .backspace, .text("ibob"), .enter, .text("ignored")] {
            #expect(greeter.press(key).isEmpty)
        }
        #expect(greeter.apply(.prompt("Username:")) == [.entry("kiwibob")])
        greeter.apply(.busy("Logging in…"))
        _ = greeter.press(.text("secret"))
        #expect(greeter.apply(.hiddenPrompt("Password:")).isEmpty, "no Enter typed: the prompt waits")
        #expect(greeter.entry == "secret" && greeter.promptHidden)
        #expect(greeter.press(.enter) == [.entry("secret")])
        _ = greeter.press(.text("x"))
        _ = greeter.press(.escape)
        greeter.apply(.prompt("Username:"))
        #expect(greeter.entry.isEmpty, "Escape clears what was typed ahead")
    }
}
