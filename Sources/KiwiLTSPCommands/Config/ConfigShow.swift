import ArgumentParser
import Foundation
import SystemSupport

/// `kiwi-ltsp config show`: every variable's effective value and where it came from.
public struct ConfigShow: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show each variable's value and where it came from."
    )

    @OptionGroup public var global: GlobalOptions

    @Option(help: "table, shell or json.")
    public var format: OutputFormat = .table

    public init() {}

    struct Row: Encodable {
        var name: String
        var value: String
        var source: String
    }

    struct Document: Encodable {
        var file: String
        var valid: Bool
        var variables: [Row]
        var problems: [String]
    }

    public func run() async throws {
        let loaded = global.loader().load()
        let rows = loaded.settings.map { Row(name: $0.name, value: $0.value, source: $0.provenance.description) }
        switch format {
        case .table:
            var table = TextTable(header: ["VARIABLE", "VALUE", "SOURCE"])
            table.rows = rows.map { [$0.name, $0.value.isEmpty ? "\"\"" : $0.value, $0.source] }
            print(table.render(), terminator: "")
        case .shell:
            for row in rows { print("\(row.name)=\(ShellQuoting.doubleQuoted(row.value))  # \(row.source)") }
        case .json:
            let document = Document(
                file: loaded.file, valid: loaded.isValid, variables: rows,
                problems: loaded.diagnostics.map(\.description))
            print(try JSONOutput.render(document), terminator: "")
        }
        if format != .json {
            for diagnostic in loaded.diagnostics {
                FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
            }
        }
    }
}
