import GreeterProtocol

/// Where everything of the greeter goes on a screen of a given size: rectangles, lines of text and the regions a
/// click acts on. Pure, so the drawing and the hit tests are the same thing and both are tested without X.
public struct GreeterLayout: Equatable, Sendable {
    public struct Rect: Equatable, Sendable {
        public var x, y, width, height: Int
        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }

        public func contains(_ x: Int, _ y: Int) -> Bool {
            x >= self.x && x < self.x + width && y >= self.y && y < self.y + height
        }
    }

    public enum Font: Equatable, Sendable { case title, body, small }
    /// `text` and `dim` are for the light panel, `light` for the dark bars and the accent-coloured button.
    public enum Color: Equatable, Sendable, CaseIterable {
        case background, bar, panel, entry, text, dim, light, message, accent
    }

    public enum Item: Equatable, Sendable {
        case fill(Rect, Color)
        /// Text with its baseline at `y`.
        case text(String, x: Int, y: Int, Font, Color)
    }

    /// What a click on a region does.
    public enum Target: Equatable, Sendable {
        case guest
        case menu(GreeterMenu)
        case power(GreeterModel.Power)
    }

    /// A region a click acts on.
    public struct Region: Equatable, Sendable {
        public var rect: Rect
        public var target: Target
    }

    public var items: [Item] = []
    public var regions: [Region] = []

    /// The target under a click.
    public func target(at x: Int, _ y: Int) -> Target? {
        regions.first { $0.rect.contains(x, y) }?.target
    }

    /// Line heights of the fonts (the X glue passes the real ones; tests pass round numbers).
    public struct Metrics: Sendable {
        public var lineHeight: @Sendable (Font) -> Int
        public var width: @Sendable (String, Font) -> Int
        public init(lineHeight: @escaping @Sendable (Font) -> Int, width: @escaping @Sendable (String, Font) -> Int) {
            self.lineHeight = lineHeight
            self.width = width
        }
    }

    public init(model: GreeterModel, width: Int, height: Int, clock: String, metrics: Metrics) {
        let bar = metrics.lineHeight(.body) + 16
        items.append(.fill(Rect(x: 0, y: 0, width: width, height: height), .background))
        items.append(.fill(Rect(x: 0, y: 0, width: width, height: bar), .bar))
        items.append(.fill(Rect(x: 0, y: height - bar, width: width, height: bar), .bar))
        let top = bar - 8 - metrics.lineHeight(.body) / 4
        items.append(
            .text(
                [model.hostname, model.address].filter { !$0.isEmpty }.joined(separator: "  ·  "),
                x: 16, y: top, .body, .light))
        items.append(.text(clock, x: width - 16 - metrics.width(clock, .body), y: top, .body, .light))

        let panelWidth = min(560, width - 32)
        let panelX = (width - panelWidth) / 2
        let inner = panelWidth - 48
        let title = "Log in to " + (model.menu(.host).current?.value ?? model.hostname)
        var lines: [(String, Font, Color)] = [(title, .title, .text)]
        var entryLine: String?
        if let busy = model.busy {
            lines.append((busy, .body, .accent))
        } else if let label = model.promptLabel {
            lines.append((label, .body, .dim))
            entryLine = model.shownEntry + "▏"
        }
        let messageLines =
            model.message.isEmpty
            ? []
            : Self.wrap(model.message, width: inner, font: .small, metrics: metrics).prefix(6)
        let entryHeight = metrics.lineHeight(.body) + 16
        var panelHeight = 24 + lines.reduce(0) { $0 + metrics.lineHeight($1.1) + 8 } + 24
        if entryLine != nil { panelHeight += entryHeight + 8 }
        panelHeight += messageLines.count * (metrics.lineHeight(.small) + 4)
        let panelY = max(bar + 16, (height - panelHeight) / 2)
        items.append(.fill(Rect(x: panelX, y: panelY, width: panelWidth, height: panelHeight), .panel))
        var y = panelY + 24
        for (text, font, color) in lines {
            y += metrics.lineHeight(font)
            items.append(.text(text, x: panelX + 24, y: y, font, color))
            y += 8
        }
        if let entryLine {
            items.append(.fill(Rect(x: panelX + 24, y: y, width: inner, height: entryHeight), .entry))
            items.append(
                .text(
                    Self.tail(entryLine, width: inner - 16, font: .body, metrics: metrics),
                    x: panelX + 32, y: y + 8 + metrics.lineHeight(.body) * 4 / 5, .body, .text))
            y += entryHeight + 8
        }
        for line in messageLines {
            y += metrics.lineHeight(.small) + 4
            items.append(.text(line, x: panelX + 24, y: y, .small, .message))
        }

        var below = panelY + panelHeight + 16
        if model.guestAllowed && model.busy == nil {
            let label = "Log in as guest (F5)"
            let rect = Rect(x: panelX, y: below, width: metrics.width(label, .body) + 32, height: entryHeight)
            items.append(.fill(rect, .accent))
            items.append(.text(label, x: rect.x + 16, y: rect.y + 8 + metrics.lineHeight(.body) * 4 / 5, .body, .light))
            regions.append(Region(rect: rect, target: .guest))
            below += entryHeight + 8
        }
        if let status = model.statusLine {
            items.append(.text(status, x: panelX, y: below + metrics.lineHeight(.body), .body, .light))
        }

        var x = 16
        let baseline = height - 8 - metrics.lineHeight(.body) / 4
        var entries: [(String, Target)] = []
        for (menu, key, name) in [(GreeterMenu.session, 2, "Session"), (.language, 3, "Language"), (.host, 4, "Host")] {
            let state = model.menu(menu)
            if state.isVisible, let current = state.current {
                entries.append(("F\(key) \(name): \(current.label)", .menu(menu)))
            }
        }
        entries += [("F11 Reboot", .power(.reboot)), ("F12 Shut down", .power(.shutdown))]
        for (label, target) in entries {
            let labelWidth = metrics.width(label, .body)
            items.append(.text(label, x: x, y: baseline, .body, .light))
            regions.append(
                Region(rect: Rect(x: x - 8, y: height - bar, width: labelWidth + 16, height: bar), target: target))
            x += labelWidth + 32
        }
    }

    /// `text` in lines no wider than `width` (words longer than a line are cut).
    static func wrap(_ text: String, width: Int, font: Font, metrics: Metrics) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if metrics.width(candidate, font) <= width || line.isEmpty {
                    line = candidate
                } else {
                    lines.append(line)
                    line = String(word)
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// The end of `text` that fits `width`: a long entry scrolls left as it is typed.
    static func tail(_ text: String, width: Int, font: Font, metrics: Metrics) -> String {
        var shown = Substring(text)
        while !shown.isEmpty && metrics.width(String(shown), font) > width { shown = shown.dropFirst() }
        return String(shown)
    }
}
