/// A line diff by longest common subsequence, and its unified rendering (`diff -u` format, 3 lines of context).
/// Configuration files are short, so the O(n·m) table is cheap; above `maximumCells` the whole file is one change.
public enum LineDiff {
    public enum Operation: Equatable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    static let maximumCells = 4_000_000

    /// The edit script turning `old` into `new`, removals before additions within a change.
    public static func operations(_ old: [String], _ new: [String]) -> [Operation] {
        // Common prefix and suffix first: most edits are small, and the table then covers only the middle.
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix
            && old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)]), b = Array(new[prefix..<(new.count - suffix)])
        var result = old[..<prefix].map(Operation.same)
        result += middle(a, b)
        result += old[(old.count - suffix)...].map(Operation.same)
        return result
    }

    static func middle(_ a: [String], _ b: [String]) -> [Operation] {
        guard !a.isEmpty, !b.isEmpty, (a.count + 1) * (b.count + 1) <= maximumCells else {
            return a.map(Operation.removed) + b.map(Operation.added)
        }
        // lengths[i][j]: LCS length of a[i...] and b[j...], flattened.
        let width = b.count + 1
        var lengths = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i * width + j] =
                    a[i] == b[j]
                    ? lengths[(i + 1) * width + j + 1] + 1
                    : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var result: [Operation] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] {
                result.append(.same(a[i])); i += 1; j += 1
            } else if j == b.count || (i < a.count && lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
                result.append(.removed(a[i])); i += 1
            } else {
                result.append(.added(b[j])); j += 1
            }
        }
        return result
    }

    /// Splits text into lines; a final newline does not make an empty last line.
    public static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// `--- oldName` / `+++ newName` and `@@ -l,s +l,s @@` hunks; empty when the texts are equal.
    public static func unified(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let script = operations(lines(old), lines(new))
        guard script.contains(where: { if case .same = $0 { return false } else { return true } }) else { return "" }
        var output = ["--- \(oldName)", "+++ \(newName)"]
        // Indices of changed operations, grouped into hunks when their context would touch.
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        var groups: [(Int, Int)] = []
        for index in changed {
            if let last = groups.last, index - last.1 <= 2 * context + 1 {
                groups[groups.count - 1].1 = index
            } else {
                groups.append((index, index))
            }
        }
        for (first, last) in groups {
            let start = max(0, first - context), end = min(script.count - 1, last + context)
            // Line numbers: count old/new lines before `start`.
            var oldLine = 1, newLine = 1
            for operation in script[..<start] {
                switch operation {
                case .same: oldLine += 1; newLine += 1
                case .removed: oldLine += 1
                case .added: newLine += 1
                }
            }
            var oldCount = 0, newCount = 0, body: [String] = []
            for operation in script[start...end] {
                switch operation {
                case .same(let line): body.append(" " + line); oldCount += 1; newCount += 1
                case .removed(let line): body.append("-" + line); oldCount += 1
                case .added(let line): body.append("+" + line); newCount += 1
                }
            }
            // diff -u writes an empty side's start as the line before it.
            let oldStart = oldCount == 0 ? oldLine - 1 : oldLine, newStart = newCount == 0 ? newLine - 1 : newLine
            output.append("@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@")
            output += body
        }
        return output.joined(separator: "\n") + "\n"
    }

    static func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
}
