import ArgumentParser
import DHCP
import Foundation
import LTSPConfig

/// `kiwi-ltsp printers [--cups]`: the printers lts.conf gives each known client, and a raw CUPS queue for each.
public struct PrintersCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "printers",
        abstract: "List the thin clients' printers; with --cups, add or update a CUPS queue for each.",
        discussion: """
            The clients are those of DHCP_RESERVATIONS, the current leases and the lts.conf sections named by an \
            IPv4 address; each PRINTER_N_DEVICE they get is printed to with CUPS's socket backend \
            (socket://CLIENT:PORT) through the client's printer service, which takes jobs from the servers only.
            """
    )

    @OptionGroup public var global: GlobalOptions

    @Flag(help: "Add a raw CUPS queue per printer with lpadmin, or update its URI; queues already right are left.")
    public var cups = false

    public init() {}

    public func run() async throws {
        let configuration = global.loader().load().configuration
        let path = global.rootDirectory.resolve(configuration.ltsConfPath)
        let document: LTSConfDocument
        do {
            document =
                FileManager.default.fileExists(atPath: path)
                ? try LTSConfParser().parseFile(path)
                : LTSConfDocument()
        } catch {
            throw CommandError(error.description)
        }
        let leases =
            ((try? DHCPLeaseJournal.snapshot(
                directory: global.rootDirectory.resolve(configuration.stateDirectory))) ?? [])
            .filter { $0.state == .bound }
            .map { (address: $0.address, mac: $0.hardwareAddress.description) }
        let clients = ClientPrinterList.clients(
            reservations: configuration.reservations, leases: leases,
            document: document)
        let (printers, problems) = ClientPrinterList.printers(for: clients, document: document)
        for problem in problems { FileHandle.standardError.write(Data("warning: \(path): \(problem)\n".utf8)) }
        guard !printers.isEmpty else {
            print(
                "no client printers: lts.conf (\(path)) gives none of \(clients.count) known clients a PRINTER_N_DEVICE"
            )
            return
        }
        var table = TextTable(header: ["CLIENT", "PRINTER", "DEVICE", "URI", "QUEUE"])
        for entry in printers {
            table.rows.append([
                entry.client.hostname ?? entry.address.description, "\(entry.printer.index)",
                entry.printer.device, entry.uri, entry.queue,
            ])
        }
        print(table.render(), terminator: "")
        guard cups else { return }
        for entry in printers {
            print("\(entry.queue): \(try CUPSQueue.ensure(entry))")
        }
    }
}
