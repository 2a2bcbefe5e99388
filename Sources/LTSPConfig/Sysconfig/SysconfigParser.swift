import SystemSupport

/// Parses shell-style sysconfig files: `KEY=value`, `KEY="value"`, `KEY='value'`, an optional `export`, `#` comments
/// and blank lines. Quoting follows the POSIX shell (XCU §2.2): a backslash outside quotes takes the next character
/// literally, single quotes take everything literally, and inside double quotes a backslash escapes only
/// `$`, `` ` ``, `"`, `\` and newline. Values are not expanded: `$X` stays as written.
public struct SysconfigParser: Sendable {
    public struct Result: Equatable, Sendable {
        public var assignments: [SysconfigAssignment]
        public var errors: [SysconfigSyntaxError]
    }

    public init() {}

    /// Parses every line; a bad line is reported and skipped so that all problems are found in one pass.
    public func parse(_ text: String) -> Result {
        var scanner = Scanner(Array(text.unicodeScalars))
        var result = Result(assignments: [], errors: [])
        while !scanner.atEnd {
            let line = scanner.line
            do {
                if let assignment = try scanner.statement() {
                    result.assignments.append(SysconfigAssignment(key: assignment.0, value: assignment.1, line: line))
                }
            } catch {
                result.errors.append(error)
                scanner.skipLine()
            }
        }
        return result
    }
}

private struct Scanner {
    let chars: [Unicode.Scalar]
    var index = 0
    var line = 1

    init(_ chars: [Unicode.Scalar]) { self.chars = chars }

    var atEnd: Bool { index >= chars.count }
    var current: Unicode.Scalar? { index < chars.count ? chars[index] : nil }

    mutating func advance() {
        if chars[index] == "\n" { line += 1 }
        index += 1
    }

    mutating func skipBlanks() {
        while let c = current, c == " " || c == "\t" || c == "\r" { advance() }
    }

    mutating func skipLine() {
        while let c = current {
            advance()
            if c == "\n" { return }
        }
    }

    func fail(_ message: String) -> SysconfigSyntaxError { SysconfigSyntaxError(line: line, message: message) }

    /// One line: blank, comment, or assignment. Consumes the line's newline.
    mutating func statement() throws(SysconfigSyntaxError) -> (String, String)? {
        skipBlanks()
        guard let first = current else { return nil }
        if first == "\n" { advance(); return nil }
        if first == "#" { skipLine(); return nil }
        var name = identifier()
        if name == "export" && (current == " " || current == "\t") {
            skipBlanks()
            name = identifier()
        }
        guard !name.isEmpty else {
            throw fail("expected KEY=value, found '\(restOfLine())'")
        }
        guard current == "=" else {
            let rest = restOfLine()
            if rest.hasPrefix("=") {
                throw fail("no spaces are allowed around '=' in '\(name)': write \(name)=\"value\"")
            }
            throw fail("expected KEY=value, found '\(name)\(rest.isEmpty ? "" : " " + rest)'")
        }
        advance()
        let value = try self.value()
        skipBlanks()
        if let c = current, c == "#" { skipLine(); return (name, value) }
        if let c = current, c != "\n" {
            throw fail("unexpected '\(restOfLine())' after the value of \(name); quote values that contain spaces")
        }
        if current == "\n" { advance() }
        return (name, value)
    }

    mutating func identifier() -> String {
        var name = ""
        while let c = current, c == "_" || ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c)
        {
            if name.isEmpty && ("0"..."9").contains(c) { break }
            name.unicodeScalars.append(c)
            advance()
        }
        return name
    }

    func restOfLine() -> String {
        var text = ""
        var i = index
        while i < chars.count && chars[i] != "\n" { text.unicodeScalars.append(chars[i]); i += 1 }
        return text.trimmed()
    }

    /// A shell word: unquoted, single- and double-quoted parts concatenated, ending at a blank or newline.
    mutating func value() throws(SysconfigSyntaxError) -> String {
        var value = ""
        while let c = current {
            switch c {
            case " ", "\t", "\n", "\r":
                return value
            case "'":
                let start = line
                advance()
                while let q = current, q != "'" { value.unicodeScalars.append(q); advance() }
                guard current == "'" else {
                    throw SysconfigSyntaxError(line: start, message: "single quote opened here is never closed")
                }
                advance()
            case "\"":
                let start = line
                advance()
                while let q = current, q != "\"" {
                    if q == "\\", index + 1 < chars.count {
                        let next = chars[index + 1]
                        if next == "\n" { advance(); advance(); continue }
                        if next == "$" || next == "`" || next == "\"" || next == "\\" {
                            advance()
                            value.unicodeScalars.append(next)
                            advance()
                            continue
                        }
                    }
                    value.unicodeScalars.append(q)
                    advance()
                }
                guard current == "\"" else {
                    throw SysconfigSyntaxError(line: start, message: "double quote opened here is never closed")
                }
                advance()
            case "\\":
                advance()
                guard let next = current else { return value }
                if next == "\n" { advance(); continue }
                value.unicodeScalars.append(next)
                advance()
            default:
                value.unicodeScalars.append(c)
                advance()
            }
        }
        return value
    }
}
