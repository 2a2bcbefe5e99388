/// Resolves lts.conf for one client (getltscfg): the first identity with an exactly named section heads the chain;
/// each section's `LIKE` appends that section, transitively; then every section whose name glob-matches an identity,
/// in file order, with its LIKEs; then `[default]`. Values are applied from `[default]` up to the head, so the most
/// specific section wins; `NONE` (any case) removes a variable; `LIKE` itself is never output.
public struct LTSConfResolver: Sendable {
    public var document: LTSConfDocument

    public init(document: LTSConfDocument) { self.document = document }

    public func resolve(for identity: ClientIdentity, builtInDefaults: Bool = true) -> LTSConfResolution {
        var chain: [LTSConfSection] = []
        var visited: Set<String> = []
        var notes: [String] = []

        func append(_ name: String, from referrer: LTSConfEntry? = nil) {
            let key = name.lowercased()
            guard !visited.contains(key) else { return }
            guard let section = document.section(named: name) else {
                if let referrer {
                    notes.append("\(referrer.file):\(referrer.line): LIKE = \(name) names no section")
                }
                return
            }
            visited.insert(key)
            chain.append(section)
            for entry in section.entries where entry.key == "LIKE" { append(entry.value, from: entry) }
        }

        let names = identity.names
        if let head = names.first(where: { document.section(named: $0) != nil }) { append(head) }
        var seenNames: Set<String> = []
        for section in document.sections where section.name.lowercased() != "default" {
            guard seenNames.insert(section.name.lowercased()).inserted else { continue }
            if names.contains(where: { Glob.matches(section.name, $0) }) { append(section.name) }
        }
        append("default")

        var variables: [String: ResolvedVariable] = [:]
        var removed: Set<String> = []
        for section in chain.reversed() {
            for entry in section.entries where entry.key != "LIKE" {
                if entry.value.uppercased() == "NONE" {
                    variables[entry.key] = nil
                    removed.insert(entry.key)
                } else {
                    variables[entry.key] = ResolvedVariable(
                        name: entry.key, value: entry.value, section: section.name,
                        file: entry.file, line: entry.line)
                    removed.remove(entry.key)
                }
            }
        }
        if builtInDefaults { Self.addBuiltInDefaults(to: &variables, removed: removed, identity: identity) }
        return LTSConfResolution(chain: chain.map { $0.name }, variables: variables, notes: notes)
    }

    /// LTSP's defaults when lts.conf says nothing: `SCREEN_07=ldm` when no screen is configured, and
    /// `HOSTNAME=ltsp<host part of the address>`.
    static func addBuiltInDefaults(
        to variables: inout [String: ResolvedVariable], removed: Set<String>,
        identity: ClientIdentity
    ) {
        let isScreen = LTSConfResolution.isScreenName
        if !variables.keys.contains(where: isScreen) && !removed.contains(where: isScreen) {
            variables["SCREEN_07"] = ResolvedVariable(
                name: "SCREEN_07", value: "ldm",
                section: LTSConfResolution.builtInSection)
        }
        if variables["HOSTNAME"] == nil, !removed.contains("HOSTNAME"), let hostname = identity.defaultHostname {
            variables["HOSTNAME"] = ResolvedVariable(
                name: "HOSTNAME", value: hostname,
                section: LTSConfResolution.builtInSection)
        }
    }
}
