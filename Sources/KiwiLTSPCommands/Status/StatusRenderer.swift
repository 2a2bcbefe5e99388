import BootServer
import Foundation

/// The status document as text: a line about the server, then one row per event, grouped by client.
struct StatusRenderer {
    var document: BootStatusDocument
    var timeZone: TimeZone = .current

    func table() -> String {
        let server = document.server
        let count = document.clients.count
        let dateAndTime = formatter("yyyy-MM-dd HH:mm:ss")
        let timeOfDay = formatter("HH:mm:ss.SSS")
        let text =
            "kiwi-ltsp serve (pid \(server.pid)) serving \(server.services.joined(separator: ", ")) since "
            + "\(dateAndTime.string(from: server.started))"
            + (server.reloaded.map { ", reloaded \(dateAndTime.string(from: $0))" } ?? "")
            + "; \(count) client\(count == 1 ? "" : "s")\n"
        guard count > 0 else { return text + "no client has booted from it yet\n" }
        var table = TextTable(header: ["CLIENT", "TIME", "+SECONDS", "STAGE", "DETAIL"])
        for client in document.clients {
            var first = true
            if client.droppedEvents > 0 {
                table.rows.append([client.client, "", "", "...", "\(client.droppedEvents) older events not kept"])
                first = false
            }
            for event in client.events {
                table.rows.append([
                    first ? client.client : "", timeOfDay.string(from: event.time),
                    BootEvent.format(client.offset(of: event), decimals: 2), event.stage.rawValue,
                    event.detail,
                ])
                first = false
            }
        }
        return text + table.render()
    }

    private func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        return formatter
    }
}
