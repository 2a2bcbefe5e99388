import SystemSupport

/// Parses lts.conf with getltscfg semantics: `[section]` headers, `KEY = value` lines, `#` comments outside double
/// quotes, a double-quoted value keeps everything between the first and the last `"` (no escapes, single quotes are
/// ordinary characters), `include FILE` inlines a file (at most 10, each once). A key before the first section and a
/// section without entries are errors. Keys are taken in upper case, as the client's shell variables are.
public struct LTSConfParser: Sendable {
    public static let maximumIncludes = 10

    /// Reads an included file; the path is already resolved against the including file's folder.
    public typealias Loader = @Sendable (String) throws(LTSConfReadError) -> String

    let loader: Loader

    public init(
        loader: @escaping Loader = { path throws(LTSConfReadError) in
            do throws(SystemError) { return try TextFile.read(path) } catch { throw LTSConfReadError(error) }
        }
    ) {
        self.loader = loader
    }

    public func parse(_ text: String, file: String) throws(LTSConfError) -> LTSConfDocument {
        var state = ParseState(includedFiles: [file])
        try parse(text, file: file, into: &state)
        try state.closeSection()
        return LTSConfDocument(sections: state.sections)
    }

    public func parseFile(_ path: String) throws(LTSConfError) -> LTSConfDocument {
        let text: String
        do { text = try loader(path) } catch {
            throw LTSConfError(file: path, line: 0, message: "cannot read: \(error)")
        }
        return try parse(text, file: path)
    }

    private struct ParseState {
        var sections: [LTSConfSection] = []
        var current: LTSConfSection?
        var includedFiles: [String]

        mutating func closeSection() throws(LTSConfError) {
            guard let section = current else { return }
            guard !section.entries.isEmpty else {
                throw LTSConfError(
                    file: section.file, line: section.line,
                    message: "section [\(section.name)] has no entries")
            }
            sections.append(section)
            current = nil
        }
    }

    private func parse(_ text: String, file: String, into state: inout ParseState) throws(LTSConfError) {
        // Lines end at each LF scalar: "\r\n" is one Character, and a file with Windows line ends would be one line.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Substring(String(String.UnicodeScalarView($0))) }
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let line = Self.stripComment(rawLine).trimmed()
            if line.isEmpty { continue }
            func fail(_ message: String) -> LTSConfError { LTSConfError(file: file, line: number, message: message) }

            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw fail("section header '\(line)' has no closing ']'") }
                let name = String(line.dropFirst().dropLast()).trimmed()
                guard !name.isEmpty else { throw fail("empty section name") }
                try state.closeSection()
                state.current = LTSConfSection(name: name, entries: [], file: file, line: number)
                continue
            }
            if let target = Self.includeTarget(line) {
                let path = target.hasPrefix("/") ? target : TextFile.parentDirectory(of: file) + "/" + target
                guard !state.includedFiles.contains(path) else { throw fail("\(path) is included more than once") }
                guard state.includedFiles.count <= Self.maximumIncludes else {
                    throw fail("more than \(Self.maximumIncludes) included files")
                }
                state.includedFiles.append(path)
                let included: String
                do { included = try loader(path) } catch { throw fail("cannot include \(path): \(error)") }
                try parse(included, file: path, into: &state)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw fail("expected KEY = value or [section], found '\(line)'")
            }
            let key = line[..<equals].trimmed().uppercased()
            guard Self.isKey(key) else { throw fail("'\(key)' is not a valid variable name") }
            guard state.current != nil else {
                throw fail("\(key) is set before the first [section]; put it under [default]")
            }
            let value = Self.unquote(line[line.index(after: equals)...].trimmed())
            state.current?.entries.append(LTSConfEntry(key: key, value: value, file: file, line: number))
        }
    }

    /// Cuts the line at the first `#` that is outside double quotes.
    static func stripComment(_ line: Substring) -> Substring {
        var quoted = false
        for index in line.indices {
            switch line[index] {
            case "\"": quoted.toggle()
            case "#" where !quoted: return line[..<index]
            default: continue
            }
        }
        return line
    }

    /// Everything between the first and the last `"`, when the value has two; otherwise the value as written.
    static func unquote(_ value: String) -> String {
        guard let first = value.firstIndex(of: "\""), let last = value.lastIndex(of: "\""), first < last else {
            return value
        }
        return String(value[value.index(after: first)..<last])
    }

    static func includeTarget(_ line: String) -> String? {
        let lower = line.lowercased()
        guard lower.hasPrefix("include"), line.count > 7 else { return nil }
        let rest = line.dropFirst(7)
        guard let first = rest.first, first == " " || first == "\t" else { return nil }
        var target = rest.trimmed()
        if target.hasPrefix("=") { return nil }
        target = unquote(target)
        return target.isEmpty ? nil : target
    }

    static func isKey(_ key: String) -> Bool {
        guard let first = key.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return key.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
