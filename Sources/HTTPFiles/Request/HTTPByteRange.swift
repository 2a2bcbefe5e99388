/// RFC 9110 §14: the part of a file a request asks for. One range is served; a request for several (`bytes=0-1,5-6`)
/// gets the whole file, which §14.2 allows, and a unit other than `bytes` is ignored the same way.
public enum HTTPByteRange: Equatable, Sendable {
    /// 200 with the whole file.
    case whole
    /// 206 with bytes `first...last` (inclusive, both inside the file).
    case partial(first: Int64, last: Int64)
    /// 416: the range starts at or after the end (or asks for the last 0 bytes).
    case unsatisfiable

    /// The range of `header` (the Range field's value, nil when there is none) for a file of `size` bytes.
    public static func parse(_ header: String?, size: Int64) -> HTTPByteRange {
        guard let header else { return .whole }
        let value = header.trimmingSpaces()
        guard value.lowercased().hasPrefix("bytes="), !value.contains(",") else { return .whole }
        let spec = value.dropFirst(6).trimmingSpaces()
        guard let dash = spec.firstIndex(of: "-") else { return .whole }
        let firstText = spec[..<dash], lastText = spec[spec.index(after: dash)...]
        if firstText.isEmpty {
            // `-N`: the last N bytes.
            guard let suffix = Int64(lastText), suffix >= 0 else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(first: max(0, size - suffix), last: size - 1)
        }
        guard let first = Int64(firstText), first >= 0 else { return .whole }
        var last = size - 1
        if !lastText.isEmpty {
            guard let value = Int64(lastText), value >= first else { return .whole }
            last = min(value, size - 1)
        }
        guard first < size else { return .unsatisfiable }
        return .partial(first: first, last: last)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(self[first...last])
    }
}
