/// The line format both directions of the greeter protocol share: one message per line, a verb, and for most verbs
/// one space and an argument running to the end of the line. Inside an argument a backslash escapes: `\\` is a
/// backslash, `\n` a line feed, `\t` a tab, so any text (an ssh message over several lines, a password holding a tab)
/// fits on one line and a field list can be split on tabs.
public enum GreeterLine {
    /// `verb` alone, or `verb escaped(argument)`, without the line feed.
    public static func format(_ verb: String, _ argument: String? = nil) -> String {
        guard let argument else { return verb }
        return verb + " " + escape(argument)
    }

    /// `verb` and the unescaped argument (nil when the line has no space). Malformed escapes (a lone backslash at the
    /// end, an unknown letter) throw: the other side is ours, so they mean a bug or a stray writer on the pipe.
    public static func parse(_ line: Substring) throws(GreeterProtocolError) -> (verb: Substring, argument: String?) {
        guard let space = line.firstIndex(of: " ") else { return (line, nil) }
        return (line[..<space], try unescape(line[line.index(after: space)...]))
    }

    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    public static func unescape(_ text: Substring) throws(GreeterProtocolError) -> String {
        var result = ""
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                switch scalar {
                case "\\": result += "\\"
                case "n": result += "\n"
                case "t": result += "\t"
                default: throw .badEscape(String(text))
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        if escaping { throw .badEscape(String(text)) }
        return result
    }

    /// Splits a stream of bytes into lines: complete lines come out, a partial one waits for the next bytes. A line
    /// longer than `maximumLength` is a protocol error (neither side sends one).
    public struct Splitter: Sendable {
        private var pending: [UInt8] = []
        public let maximumLength: Int

        public init(maximumLength: Int = 64 * 1024) {
            self.maximumLength = maximumLength
        }

        public mutating func feed(_ bytes: some Sequence<UInt8>) throws(GreeterProtocolError) -> [String] {
            var lines: [String] = []
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    lines.append(String(decoding: pending, as: UTF8.self))
                    pending.removeAll(keepingCapacity: true)
                } else {
                    pending.append(byte)
                    if pending.count > maximumLength { throw .lineTooLong(maximumLength) }
                }
            }
            return lines
        }
    }
}
