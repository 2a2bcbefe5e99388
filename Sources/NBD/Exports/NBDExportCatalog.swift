/// The exports of a server by every name a client may use: canonical names first, then aliases. The empty name is
/// the default export (proto.md "`NBD_OPT_EXPORT_NAME`": the empty string selects the default), the first configured.
public struct NBDExportCatalog: Sendable {
    public let exports: [any NBDExport]
    private let byName: [String: Int]

    public init(exports: [any NBDExport]) {
        self.exports = exports
        var byName: [String: Int] = [:]
        for (index, export) in exports.enumerated() where byName[export.name] == nil {
            byName[export.name] = index
        }
        for (index, export) in exports.enumerated() {
            for alias in export.aliases where byName[alias] == nil {
                byName[alias] = index
            }
        }
        if !exports.isEmpty, byName[""] == nil {
            byName[""] = 0
        }
        self.byName = byName
    }

    public func export(named name: String) -> (any NBDExport)? {
        self.byName[name].map { self.exports[$0] }
    }

    /// What `NBD_OPT_LIST` shows: canonical names only.
    public var listings: [NBDExportListing] {
        self.exports.map { NBDExportListing(name: $0.name, description: $0.description) }
    }
}
