/// LTSP 5's server rating, from 0 (busy) to 100 (idle): 100 − ⌊50·load15/8 + 50·used/total⌋, clamped at 0, where
/// load15 is the 15-minute load average (`/proc/loadavg`, third field) and used is MemTotal − MemFree − Buffers −
/// Cached (`/proc/meminfo`). LTSP 5's ldm parsed it and never used it; ours preselects the best-rated server.
public enum LDMRating {
    public static func rating(loadAverage: String, memoryInfo: String) -> Int? {
        let loads = loadAverage.split(separator: " ")
        guard loads.count >= 3, let load15 = Double(loads[2]), load15 >= 0 else { return nil }
        var fields: [Substring: Double] = [:]
        for line in memoryInfo.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 2, words[0].hasSuffix(":"), let value = Double(words[1]) else { continue }
            fields[words[0].dropLast()] = value
        }
        guard let total = fields["MemTotal"], total > 0, let free = fields["MemFree"] else { return nil }
        let used = max(0, total - free - (fields["Buffers"] ?? 0) - (fields["Cached"] ?? 0))
        let penalty = 50 * load15 / 8 + 50 * used / total
        guard penalty.isFinite else { return nil }
        return max(0, 100 - Int(penalty))
    }
}
