import Glibc
/// Where the build reports what it is doing: a step begins, a tool reports progress, a step ends.
public protocol BuildProgress: Sendable {
    func begin(_ step: String)
    /// The latest summary of a running tool's output, e.g. `mmdebstrap: installing remaining packages`.
    func update(_ text: String)
    func end(_ summary: String)
}

/// On a terminal: one line that is rewritten in place. Otherwise: plain lines, each update once, percentages
/// only every 10 %.
public final class ConsoleProgress: BuildProgress, @unchecked Sendable {
    private let terminal: Bool
    private var lastUpdate = ""
    private var lastDecile = -1
    private var lineOpen = false

    public init(terminal: Bool = isatty(1) == 1) { self.terminal = terminal }

    public func begin(_ step: String) {
        closeLine()
        lastUpdate = ""
        lastDecile = -1
        emit("\(step) …")
    }

    public func update(_ text: String) {
        guard text != lastUpdate else { return }
        lastUpdate = text
        if terminal {
            let columns = 100
            let shown = text.count > columns ? String(text.prefix(columns - 1)) + "…" : text
            writeOut("\r\u{1B}[K  \(shown)")
            lineOpen = true
            return
        }
        if let percent = ToolOutputSummary.percent(in: text) {
            guard percent / 10 != lastDecile else { return }
            lastDecile = percent / 10
        }
        emit("  \(text)")
    }

    public func end(_ summary: String) {
        closeLine()
        emit("  \(summary)")
    }

    private func closeLine() {
        if lineOpen { writeOut("\r\u{1B}[K") }
        lineOpen = false
    }

    private func emit(_ line: String) { writeOut(line + "\n") }

    private func writeOut(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
    }
}
