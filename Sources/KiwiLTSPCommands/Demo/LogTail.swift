import Foundation

/// Reads the lines a growing file has gained since the last call (a log or a serial console); an unfinished last
/// line waits for its end. Split on the newline byte: qemu writes `\r\n`, which Swift counts as one Character.
struct LogTail {
    let path: String
    private var offset: UInt64 = 0
    private var partial: [UInt8] = []

    init(path: String) { self.path = path }

    mutating func newLines() -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            return []
        }
        offset += UInt64(data.count)
        partial += data
        var lines: [String] = []
        while let end = partial.firstIndex(of: 10) {
            var line = partial[..<end]
            if line.last == 13 { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            partial.removeSubrange(...end)
        }
        return lines
    }
}
