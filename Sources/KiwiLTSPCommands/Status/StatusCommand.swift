import ArgumentParser
import BootServer
import Foundation

/// `kiwi-ltsp status`: every client's boot stages as the running `kiwi-ltsp serve` saw them, asked over its local
/// socket.
public struct StatusCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each client's boot stages and times, from the running server.",
        discussion: "Asks the `kiwi-ltsp serve` of this --root over \(StatusSocket.path). JSON field names are stable."
    )

    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case table, json
    }

    @OptionGroup public var global: GlobalOptions

    @Option(help: "table or json.")
    public var format: Format = .table

    public init() {}

    public func run() async throws {
        let path = global.rootDirectory.resolve(StatusSocket.path)
        let answer: Data
        do {
            answer = try StatusSocket.request(path: path)
        } catch let error as StatusSocketError {
            switch error.errno {
            case ENOENT:
                throw CommandError("no kiwi-ltsp serve is running (no socket at \(path))")
            case ECONNREFUSED:
                throw CommandError(
                    "no kiwi-ltsp serve is running (nothing answers on \(path); a server that "
                        + "ended without removing it left it)")
            default:
                throw CommandError("cannot ask kiwi-ltsp serve: \(error)")
            }
        }
        let document: BootStatusDocument
        do {
            document = try BootStatusDocument.decode(answer)
        } catch {
            let text = String(decoding: answer.prefix(300), as: UTF8.self)
            throw CommandError("kiwi-ltsp serve answered something unexpected on \(path): \(text)")
        }
        switch format {
        case .json:
            print(String(decoding: try document.encoded(), as: UTF8.self))
        case .table:
            print(StatusRenderer(document: document).table(), terminator: "")
        }
    }
}
