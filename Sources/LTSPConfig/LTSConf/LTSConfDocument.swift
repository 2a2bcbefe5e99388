/// A `KEY = value` line of lts.conf with its place.
public struct LTSConfEntry: Equatable, Sendable {
    public var key: String
    public var value: String
    public var file: String
    public var line: Int
}

/// A `[section]` of lts.conf. Names compare case-insensitively.
public struct LTSConfSection: Equatable, Sendable {
    public var name: String
    public var entries: [LTSConfEntry]
    public var file: String
    public var line: Int

    /// The `LIKE` references of this section, in order.
    public var likes: [String] { entries.filter { $0.key == "LIKE" }.map { $0.value } }
}

/// A parsed lts.conf, includes already inlined.
public struct LTSConfDocument: Equatable, Sendable {
    public var sections: [LTSConfSection]

    public init(sections: [LTSConfSection] = []) { self.sections = sections }

    /// The section with exactly this name (case-insensitive); sections that repeat a name are merged in order.
    public func section(named name: String) -> LTSConfSection? {
        let key = name.lowercased()
        let matching = sections.filter { $0.name.lowercased() == key }
        guard var first = matching.first else { return nil }
        for more in matching.dropFirst() { first.entries += more.entries }
        return first
    }
}

/// A syntax error in lts.conf: file, line and what is wrong.
public struct LTSConfError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}
