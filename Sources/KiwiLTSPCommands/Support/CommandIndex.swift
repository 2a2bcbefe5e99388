import ArgumentParser

/// Every leaf command with its one-line purpose, for the top-level help.
enum CommandIndex {
    static func text(for commands: [any ParsableCommand.Type]) -> String {
        var rows: [(String, String)] = []
        func walk(_ command: any ParsableCommand.Type, prefix: String) {
            let configuration = command.configuration
            let name = prefix + (configuration.commandName ?? "")
            if configuration.subcommands.isEmpty {
                rows.append((name, configuration.abstract))
            }
            for sub in configuration.subcommands { walk(sub, prefix: name + " ") }
        }
        for command in commands { walk(command, prefix: "") }
        let width = rows.map(\.0.count).max() ?? 0
        let lines = rows.map { "  \($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
        return "Commands:\n" + lines.joined(separator: "\n")
    }
}
