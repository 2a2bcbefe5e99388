import NetworkValues

/// One resolved lts.conf variable and the section that set it.
public struct ResolvedVariable: Equatable, Sendable {
    public var name: String
    public var value: String
    /// The section name, `(built-in default)` or `(kernel command line)`.
    public var section: String
    public var file: String?
    public var line: Int?
}

/// The variables one client gets, with their origin.
public struct LTSConfResolution: Equatable, Sendable {
    /// `SCREEN_` and two digits: a screen. `SCREEN_07_LDM_USERNAME` is a per-screen setting, not a screen.
    public static func isScreenName(_ name: String) -> Bool {
        name.count == 9 && name.hasPrefix("SCREEN_") && name.dropFirst(7).allSatisfy { $0.isASCIIDigit }
    }

    /// Section names in the order they were applied from most to least specific.
    public var chain: [String]
    public var variables: [String: ResolvedVariable]
    /// Things worth telling the admin (a LIKE that names no section).
    public var notes: [String]

    public static let builtInSection = "(built-in default)"
    public static let kernelSection = "(kernel command line)"

    public var sorted: [ResolvedVariable] { variables.values.sorted { $0.name < $1.name } }

    public func value(_ name: String) -> String? { variables[name]?.value }

    /// lts.conf booleans: `y`, `yes`, `true` in any case are true.
    public func isTrue(_ name: String) -> Bool {
        guard let value = value(name)?.lowercased() else { return false }
        return value == "y" || value == "yes" || value == "true"
    }

    /// The variables as screen `number` sees them: `SCREEN_07_LDM_USERNAME=x` is `LDM_USERNAME=x` for screen 07.
    public func forScreen(_ number: String) -> LTSConfResolution {
        let prefix = "SCREEN_\(number)_"
        var result = self
        for variable in variables.values where variable.name.hasPrefix(prefix) && variable.name.count > prefix.count {
            var overlaid = variable
            overlaid.name = String(variable.name.dropFirst(prefix.count))
            result.variables[overlaid.name] = overlaid
        }
        return result
    }

    /// `ltsp.KEY=value` words of a kernel command line override everything, KEY taken in upper case.
    public func applyingKernelCommandLine(_ commandLine: String) -> LTSConfResolution {
        var result = self
        for word in KernelCommandLine.words(commandLine) {
            guard word.lowercased().hasPrefix("ltsp."), let equals = word.firstIndex(of: "=") else { continue }
            let key = word[word.index(word.startIndex, offsetBy: 5)..<equals].uppercased()
            guard LTSConfParser.isKey(key) else { continue }
            let value = String(word[word.index(after: equals)...])
            if value.uppercased() == "NONE" {
                result.variables[key] = nil
            } else {
                result.variables[key] = ResolvedVariable(name: key, value: value, section: Self.kernelSection)
            }
        }
        return result
    }
}

/// Splits a kernel command line into words; double quotes group spaces (as the kernel's parser does).
public enum KernelCommandLine {
    public static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var inWord = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
                inWord = true
            } else if character.isWhitespace && !quoted {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
