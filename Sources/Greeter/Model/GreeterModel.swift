import GreeterProtocol

/// Everything the greeter shows and how it reacts, with no X in it: ldm's requests and the user's keys and clicks
/// change it and return the replies to send to ldm. The X glue draws it (``GreeterLayout``) and feeds it events.
///
/// Keys: typing fills the entry (hidden with bullets for a password), Backspace and Escape edit, Enter answers;
/// F2 session, F3 language and F4 host step through their menus; F5 is the guest button; F11 reboots and F12 shuts
/// down, each after a second press to confirm. The autologin countdown runs while the user-name entry is empty and
/// starts again from the top when it is emptied. What is typed while no prompt is shown (before ldm's first prompt,
/// while it logs in) is kept and fills the next prompt, Enter included: nothing typed ahead is lost.
public struct GreeterModel: Equatable, Sendable {
    public enum Power: Equatable, Sendable { case reboot, shutdown }

    public static let maximumEntryLength = 256

    public var hostname: String
    public var address: String
    /// The current prompt's label; nil while ldm works (``busy``) or after the answer was sent.
    public var promptLabel: String?
    /// What is typed at the prompt is hidden (a password).
    public var promptHidden = false
    public var entry = ""
    /// Typed while no prompt was shown, for the next prompt; and whether Enter was pressed after it.
    public var typedAhead = ""
    public var enterTypedAhead = false
    public var message = ""
    public var busy: String?
    public var guestAllowed = false
    public var menus: [GreeterMenu: GreeterMenuState] = [:]
    /// Seconds configured for the autologin countdown (0: none) and seconds left.
    public var countdownLength = 0
    public var countdownLeft = 0
    /// A power action waiting for its second key press.
    public var confirming: Power?
    public var finished = false

    public init(hostname: String, address: String) {
        self.hostname = hostname
        self.address = address
    }

    public func menu(_ menu: GreeterMenu) -> GreeterMenuState { menus[menu] ?? GreeterMenuState() }

    /// The countdown is visible and running.
    public var countingDown: Bool {
        countdownLength > 0 && countdownLeft > 0 && promptLabel != nil && !promptHidden && entry.isEmpty
            && busy == nil
    }

    /// Applies one of ldm's requests; replies only when a prompt is answered at once by what was typed ahead.
    @discardableResult
    public mutating func apply(_ request: GreeterRequest) -> [GreeterReply] {
        switch request {
        case .prompt(let label):
            promptLabel = label
            promptHidden = false
            busy = nil
            countdownLeft = countdownLength
            return takeTypedAhead()
        case .hiddenPrompt(let label):
            promptLabel = label
            promptHidden = true
            busy = nil
            return takeTypedAhead()
        case .message(let text):
            message = text
        case .busy(let text):
            busy = text
            promptLabel = nil
            entry = ""
        case .allowGuest(let allowed):
            guestAllowed = allowed
        case .choice(let menu, let item):
            menus[menu, default: GreeterMenuState()].add(item)
        case .select(let menu, let value):
            menus[menu, default: GreeterMenuState()].select(value)
        case .countdown(let seconds):
            countdownLength = seconds
            countdownLeft = seconds
        case .quit:
            finished = true
        }
        return []
    }

    /// The new prompt's entry starts with what was typed ahead; a typed-ahead Enter answers it.
    private mutating func takeTypedAhead() -> [GreeterReply] {
        entry = typedAhead
        typedAhead = ""
        guard enterTypedAhead else { return [] }
        enterTypedAhead = false
        return press(.enter)
    }

    /// A key while no prompt is shown: kept for the next prompt (once Enter is kept, nothing more is).
    private mutating func typeAhead(_ key: GreeterKey) -> [GreeterReply] {
        guard !enterTypedAhead else { return [] }
        switch key {
        case .text(let text):
            let printable = Self.printable(text)
            if typedAhead.count + printable.count <= Self.maximumEntryLength { typedAhead += printable }
        case .backspace:
            if !typedAhead.isEmpty { typedAhead.removeLast() }
        case .escape:
            typedAhead = ""
        case .enter:
            enterTypedAhead = true
        case .function:
            break
        }
        return []
    }

    static func printable(_ text: String) -> String {
        text.filter { !$0.isNewline && $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7f } }
    }

    public mutating func press(_ key: GreeterKey) -> [GreeterReply] {
        if case .function(let number) = key {
            return function(number)
        }
        confirming = nil
        guard promptLabel != nil else { return typeAhead(key) }
        switch key {
        case .text(let text):
            let printable = Self.printable(text)
            guard entry.count + printable.count <= Self.maximumEntryLength else { return [] }
            entry += printable
        case .backspace:
            if !entry.isEmpty { entry.removeLast() }
            if entry.isEmpty { countdownLeft = countdownLength }
        case .escape:
            entry = ""
            countdownLeft = countdownLength
        case .enter:
            let answer = entry
            entry = ""
            promptLabel = nil
            return [.entry(answer)]
        case .function:
            return []
        }
        return []
    }

    private mutating func function(_ number: Int) -> [GreeterReply] {
        switch number {
        case 2, 3, 4:
            confirming = nil
            let menu: GreeterMenu = number == 2 ? .session : number == 3 ? .language : .host
            return step(menu)
        case 5:
            confirming = nil
            return guest()
        case 11: return power(.reboot)
        case 12: return power(.shutdown)
        default: return []
        }
    }

    public mutating func step(_ menu: GreeterMenu) -> [GreeterReply] {
        guard let item = menus[menu]?.advance() else { return [] }
        return [.selected(menu, item.value)]
    }

    public mutating func guest() -> [GreeterReply] {
        guard guestAllowed, busy == nil else { return [] }
        promptLabel = nil
        entry = ""
        return [.guest]
    }

    public mutating func power(_ action: Power) -> [GreeterReply] {
        guard confirming == action else {
            confirming = action
            return []
        }
        confirming = nil
        return [action == .reboot ? .reboot : .shutdown]
    }

    /// One second passed.
    public mutating func tick() -> [GreeterReply] {
        guard countingDown else { return [] }
        countdownLeft -= 1
        guard countdownLeft == 0 else { return [] }
        promptLabel = nil
        return [.timeout]
    }

    /// The entry as drawn: bullets for a hidden prompt.
    public var shownEntry: String { promptHidden ? String(repeating: "•", count: entry.count) : entry }

    /// The line under the panel that says what F11/F12 will do, or the countdown.
    public var statusLine: String? {
        switch confirming {
        case .reboot?: return "Press F11 again to reboot."
        case .shutdown?: return "Press F12 again to shut down."
        case nil: break
        }
        if countingDown { return "Logging in as guest in \(countdownLeft) s" }
        return nil
    }
}
