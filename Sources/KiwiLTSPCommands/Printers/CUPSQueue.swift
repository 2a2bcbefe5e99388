import Provisioning

/// A raw CUPS queue for one client printer, made or corrected with lpadmin; one already right is left alone.
enum CUPSQueue {
    /// What was done: `added`, `updated (was URI)` or `unchanged`.
    static func ensure(_ entry: ClientPrinter, runner: SystemProcessRunner = SystemProcessRunner()) throws -> String {
        let current = try? runner.run(CommandInvocation(["lpstat", "-v", entry.queue]))
        let prefix = "device for \(entry.queue): "
        let existing = current.flatMap { outcome in
            outcome.status == 0 ? outcome.output.split(separator: "\n").first { $0.hasPrefix(prefix) } : nil
        }.map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
        if existing == entry.uri { return "unchanged" }
        let client = entry.client.hostname ?? entry.address.description
        let invocation = CommandInvocation(
            [
                "lpadmin", "-p", entry.queue, "-E", "-v", entry.uri, "-m", "raw",
                "-D", "Printer \(entry.printer.index) of \(client)", "-L", client,
            ],
            touchesHost: true)
        let outcome: CommandOutcome
        do {
            outcome = try runner.run(invocation)
        } catch {
            throw CommandError("\(error)")
        }
        guard outcome.status == 0 else {
            throw CommandError(
                "\(invocation) failed (\(outcome.status)): \(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        return existing.map { "updated (was \($0))" } ?? "added"
    }
}
