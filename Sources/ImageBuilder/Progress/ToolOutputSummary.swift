import SystemSupport

/// Turns what mmdebstrap, dpkg and mksquashfs print into one short status line. Pure: fed raw output pieces,
/// it returns the newest status worth showing.
public struct ToolOutputSummary {
    public let tool: String
    private var pending: [UInt8] = []

    public init(tool: String) { self.tool = tool }

    /// Appends output; returns the newest status among the complete lines (`\n` or mksquashfs's `\r`).
    public mutating func feed(_ bytes: ArraySlice<UInt8>) -> String? {
        pending += bytes
        var status: String?
        while let end = pending.firstIndex(where: { $0 == 10 || $0 == 13 }) {
            let line = String(decoding: pending[..<end], as: UTF8.self)
            pending.removeSubrange(...end)
            if let summary = Self.summarize(line) { status = "\(tool): \(summary)" }
        }
        // mksquashfs redraws its bar without a line end until the next one: look at the unfinished part too.
        if pending.count > 4096 { pending.removeFirst(pending.count - 4096) }
        if let bar = Self.squashfsBar(String(decoding: pending, as: UTF8.self)) { status = "\(tool): \(bar)" }
        return status
    }

    /// One line of output → what to show, or nil for noise.
    public static func summarize(_ line: String) -> String? {
        let text = line.trimmed()
        if text.hasPrefix("I: ") { return String(text.dropFirst(3)) }
        if text.hasPrefix("W: ") || text.hasPrefix("E: ") { return text }
        for verb in ["Unpacking ", "Setting up "] where text.hasPrefix(verb) {
            let package = text.dropFirst(verb.count).split(separator: " ").first.map(String.init) ?? ""
            return "\(verb.lowercased())\(package)"
        }
        return squashfsBar(text)
    }

    /// `[====    ] 1234/5678  21%` → `packed 1234/5678 (21 %)`
    public static func squashfsBar(_ text: String) -> String? {
        guard let close = text.lastIndex(of: "]") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count >= 2, fields[0].contains("/"), let percent = percent(in: String(fields[1])) else {
            return nil
        }
        return "packed \(fields[0]) (\(percent) %)"
    }

    /// The number before a `%` (`21%`, `(21 %)`), 0…100.
    public static func percent(in text: String) -> Int? {
        guard let sign = text.firstIndex(of: "%") else { return nil }
        let digits = text[..<sign].reversed().drop { $0 == " " }.prefix { $0.isASCII && $0.isNumber }
        guard let value = Int(String(digits.reversed())), (0...100).contains(value) else { return nil }
        return value
    }
}
