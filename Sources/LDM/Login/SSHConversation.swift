import Glibc
import SystemSupport

/// Reads what the OpenSSH client prints on its terminal while it logs in, and says what it means: a prompt to put
/// to the user, the sentinel the remote command prints once the login is through, or why the login failed. Pure: the
/// I/O around it feeds bytes, says when the terminal has been quiet (with the terminal's echo flag) and when ssh
/// exited or said nothing for too long.
///
/// A prompt is a partial line ending in `:` or `?` after which ssh waits: text with no line break that stays alone
/// for a moment. Its echo flag tells a password from a question. A second password prompt right after a password was
/// answered, with nothing said between, means the password was wrong (an sshd with keyboard-interactive and
/// password authentication asks once per method); the login stops there instead of asking again, the way
/// `NumberOfPasswordPrompts=1` means it.
public struct SSHConversation: Sendable {
    public enum Event: Equatable, Sendable {
        case output([UInt8])
        /// No output for a moment; `echo` is the terminal's ECHO flag at that time.
        case quiet(echo: Bool)
        /// ldm wrote an answer to the last prompt.
        case answered
        /// ssh exited with this status before the sentinel.
        case exited(Int32)
        /// ssh said nothing for too long while no prompt was open.
        case silence
    }

    public enum Action: Equatable, Sendable {
        case ask(SSHPrompt)
        case loggedIn
        /// ssh ended after PAM changed an expired password (`passwd: password updated successfully`): the server
        /// closes such a login; log in again with the new password.
        case passwordChanged
        case failed(LoginFailure)
    }

    private enum State: Equatable {
        case talking
        case asking(SSHPrompt)
        case done
    }

    public let sentinel: String
    private var state = State.talking
    private var pendingBytes: [UInt8] = []
    /// Every complete line so far (for the failure message).
    private var lines: [String] = []
    /// Lines since the last prompt.
    private var notice: [String] = []
    /// The last prompt that was answered, while nothing has been said after it.
    private var lastAnswered: SSHPrompt?

    public init(sentinel: String) {
        self.sentinel = sentinel
    }

    /// A partial line is waiting to be recognised as a prompt once the terminal is quiet.
    public var awaitsQuiet: Bool { state == .talking && !pendingBytes.isEmpty }

    public var isFinished: Bool { state == .done }

    public mutating func handle(_ event: Event) -> [Action] {
        guard state != .done else { return [] }
        switch event {
        case .output(let bytes):
            return receive(bytes)
        case .quiet(let echo):
            return promptIfWaiting(echo: echo)
        case .answered:
            if case .asking(let prompt) = state {
                lastAnswered = prompt
                state = .talking
            }
            return []
        case .exited(let status):
            state = .done
            if !pendingBytes.isEmpty { lines.append(Self.text(pendingBytes)) }
            return [Self.outcome(lines: lines, status: status)]
        case .silence:
            guard case .talking = state else { return [] }
            state = .done
            return [.failed(.noResponse)]
        }
    }

    private mutating func receive(_ bytes: [UInt8]) -> [Action] {
        for byte in bytes where byte != UInt8(ascii: "\r") {
            guard byte == UInt8(ascii: "\n") else {
                pendingBytes.append(byte)
                continue
            }
            let line = Self.text(pendingBytes)
            pendingBytes.removeAll()
            if line.contains(sentinel) {
                state = .done
                return [.loggedIn]
            }
            guard !line.isEmpty else { continue }
            lines.append(line)
            notice.append(line)
            lastAnswered = nil
            if case .asking = state { state = .talking }
        }
        return []
    }

    private mutating func promptIfWaiting(echo: Bool) -> [Action] {
        guard case .talking = state else { return [] }
        let text = Self.text(pendingBytes)
        guard let last = text.last, last == ":" || last == "?" else { return [] }
        let prompt = SSHPrompt(text: text, hidden: !echo, notice: notice)
        pendingBytes.removeAll()
        notice = []
        if let previous = lastAnswered, previous.kind == .password, prompt.kind == .password {
            state = .done
            return [.failed(.permissionDenied("Permission denied, please try again."))]
        }
        lastAnswered = nil
        state = .asking(prompt)
        return [.ask(prompt)]
    }

    /// Bytes as trimmed text (invalid UTF-8 repaired).
    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).trimmed()
    }

    /// What ssh's last words mean, in OpenSSH's wording.
    static func outcome(lines: [String], status: Int32) -> Action {
        func line(containing needles: [String]) -> String? {
            lines.last { line in needles.contains { line.contains($0) } }
        }
        if line(containing: ["password updated successfully"]) != nil { return .passwordChanged }
        if let changed = line(containing: ["has changed and you have requested strict checking"]) {
            return .failed(.hostKey("The server's ssh host key has changed: \(changed) Host key verification failed."))
        }
        if let unknown = line(containing: ["host key is known for"]) {
            return .failed(.hostKey(unknown + " Host key verification failed."))
        }
        if let failed = line(containing: ["Host key verification failed"]) { return .failed(.hostKey(failed)) }
        if let denied = line(containing: ["Permission denied"]) { return .failed(.permissionDenied(denied)) }
        let unreachable = [
            "ssh: connect to host", "Connection refused", "timed out", "No route to host",
            "Could not resolve hostname", "Network is unreachable", "Name or service not known",
        ]
        if let text = line(containing: unreachable) { return .failed(.unreachable(text)) }
        return .failed(.other(lines.last ?? "ssh exited with status \(status) before the login was complete."))
    }
}
