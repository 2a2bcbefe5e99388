import BootServer
import Foundation

/// The status document as text: a line about the server, then one row per event, grouped by client.
struct StatusRenderer {
    var document: BootStatusDocument
    var timeZone: TimeZone = .current

    func table() -> String {
        let server = document.server
        let count = document.clients.count
        let text = "kiwi-ltsp serve (pid \(server.pid)) serving \(server.services.joined(separator: ", ")) since "
            + "\(time(server.started, withDate: true))"
            + (server.reloaded.map { ", reloaded \(time($0, withDate: true))" } ?? "")
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
                table.rows.append([first ? client.client : "", time(event.time, withDate: false),
                                   seconds(client.offset(of: event)), event.stage.rawValue, event.detail])
                first = false
            }
        }
        return text + table.render()
    }

    private func time(_ date: Date, withDate: Bool) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = withDate ? "yyyy-MM-dd HH:mm:ss" : "HH:mm:ss.SSS"
        return formatter.string(from: date)
    }

    private func seconds(_ value: Double) -> String {
        let hundredths = Int64((value * 100).rounded())
        let fraction = abs(hundredths % 100)
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
