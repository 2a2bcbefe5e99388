import LTSPConfig
import NetworkValues

/// A printer lts.conf gives one client, and the raw CUPS queue that prints to it.
struct ClientPrinter: Equatable {
    var client: ClientIdentity
    var address: IPv4Address
    var printer: PrinterDefinition

    /// `socket://ADDRESS:PORT`: CUPS's raw socket backend, straight to the client's printer service.
    var uri: String { "socket://\(address):\(printer.port)" }

    /// `kiwi-<hostname or address>-<N>`, in the characters CUPS allows in a queue name.
    var queue: String {
        let base = (client.hostname ?? address.description).map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "kiwi-\(String(base))-\(printer.index)"
    }
}

/// The clients the server knows and the printers lts.conf gives each.
enum ClientPrinterList {
    /// Each known client once, by address: the DHCP reservations (with their hostnames), the leases, and the
    /// lts.conf sections named by an IPv4 address.
    static func clients(
        reservations: [HostReservation], leases: [(address: IPv4Address, mac: String)],
        document: LTSConfDocument
    ) -> [ClientIdentity] {
        var byAddress: [IPv4Address: ClientIdentity] = [:]
        for reservation in reservations {
            byAddress[reservation.address] = ClientIdentity(
                hostname: reservation.hostname,
                ipAddress: reservation.address, mac: reservation.mac)
        }
        for lease in leases where byAddress[lease.address] == nil {
            byAddress[lease.address] = ClientIdentity(ipAddress: lease.address, mac: lease.mac)
        }
        for section in document.sections {
            if let address = IPv4Address(section.name), byAddress[address] == nil {
                byAddress[address] = ClientIdentity(ipAddress: address)
            }
        }
        return byAddress.keys.sorted().compactMap { byAddress[$0] }
    }

    /// Every printer of every client, with one message per printer lts.conf gets wrong (client named).
    static func printers(for clients: [ClientIdentity], document: LTSConfDocument)
        -> (printers: [ClientPrinter], problems: [String])
    {
        let resolver = LTSConfResolver(document: document)
        var printers: [ClientPrinter] = []
        var problems: [String] = []
        for client in clients {
            guard let address = client.ipAddress else { continue }
            let resolution = resolver.resolve(for: client)
            let (found, wrong) = PrinterDefinition.all { resolution.value($0) }
            printers += found.map { ClientPrinter(client: client, address: address, printer: $0) }
            problems += wrong.map { "\(client.hostname ?? address.description): \($0)" }
        }
        return (printers, problems)
    }
}
