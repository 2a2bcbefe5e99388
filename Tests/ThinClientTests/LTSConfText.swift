import LTSPConfig

/// Resolutions for tests, made the way the client makes them: lts.conf text through the parser and the resolver.
enum LTSConfText {
    static func resolve(
        _ text: String, for identity: ClientIdentity = ClientIdentity(),
        builtInDefaults: Bool = false
    ) throws -> LTSConfResolution {
        let document = try LTSConfParser().parse(text, file: "lts.conf")
        return LTSConfResolver(document: document).resolve(for: identity, builtInDefaults: builtInDefaults)
    }

    /// `[default]` with `KEY = "value"` lines.
    static func defaults(_ values: [String: String]) throws -> LTSConfResolution {
        try resolve("[default]\n" + values.sorted { $0.key < $1.key }.map { "\($0.key) = \"\($0.value)\"\n" }.joined())
    }
}
