import Foundation

/// Which server log lines the demo shows (the boot timeline and problems) and how.
enum DemoTimeline {
    static func isTimelineLine(_ line: String) -> Bool {
        line.contains("] boot ") || line.contains(" error ") || line.contains(" warning ")
    }

    /// Without the timestamp and logger label: `2026-… info kiwi-ltsp: service=dhcp [DHCP] x` → `[DHCP] x`.
    static func shortened(_ line: String) -> String {
        guard let bracket = line.firstIndex(of: "[") else { return line }
        return String(line[bracket...])
    }

    /// Console text without terminal control sequences (the firmware and the shell draw with them).
    static func printable(_ line: String) -> String {
        var result = ""
        var escape = false
        for scalar in line.unicodeScalars {
            if escape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { escape = false }
                continue
            }
            if scalar == "\u{1B}" { escape = true; continue }
            if scalar.value < 0x20 && scalar != "\t" { continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

/// `print` goes through stdio's buffer; the demo flushes it after each burst so a pipe sees lines as they come.
enum FileOutput {
    static func flush() { fflush(nil) }
}
