import LTSPConfig
import SystemSupport

/// Renders a client's resolved lts.conf as a table, shell lines or JSON.
struct InfoRenderer {
    var identity: ClientIdentity
    var resolution: LTSConfResolution
    var file: String

    struct Variable: Encodable {
        var name: String
        var value: String
        var section: String
        var source: String?
    }

    struct Document: Encodable {
        var file: String
        var client: [String: String]
        var chain: [String]
        var variables: [Variable]
    }

    func render(_ format: OutputFormat) throws -> String {
        let variables = resolution.sorted
        switch format {
        case .table:
            var table = TextTable(header: ["VARIABLE", "VALUE", "SECTION"])
            table.rows = variables.map { [$0.name, $0.value, Self.sectionLabel($0)] }
            return table.render()
        case .shell:
            return ShellQuoting.exportLines(variables.map { ($0.name, $0.value) })
        case .json:
            var client: [String: String] = [:]
            client["hostname"] = identity.hostname
            client["ip"] = identity.ipAddress?.description
            client["mac"] = identity.mac
            let rows = variables.map { variable in
                Variable(
                    name: variable.name, value: variable.value, section: variable.section,
                    source: variable.line.map { "\(variable.file ?? file):\($0)" })
            }
            return try JSONOutput.render(Document(file: file, client: client, chain: resolution.chain, variables: rows))
        }
    }

    static func sectionLabel(_ variable: ResolvedVariable) -> String {
        variable.section.hasPrefix("(") ? variable.section : "[\(variable.section)]"
    }
}
