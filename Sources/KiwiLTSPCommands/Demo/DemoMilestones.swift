/// How far the demo's client has come, read from its console, in seconds since power-on.
struct DemoMilestones: Equatable {
    var ready: Double?
    var greeter: Double?
    var loggedIn: Double?
    /// The session's window is on the screen (checked on the server, not read from the console).
    var window: Double?
    /// What ldm said the client had in use at the greeter (`83 MiB of 491 MiB in use`).
    var memoryAtGreeter: String?

    mutating func see(_ line: String, at seconds: Double) {
        if ready == nil && line.contains("ltsp-client: ready ") { ready = seconds }
        if greeter == nil, let range = line.range(of: "ldm: greeter ready on ") {
            greeter = seconds
            if let comma = line[range.upperBound...].firstIndex(of: ",") {
                memoryAtGreeter = line[line.index(after: comma)...].trimmed()
            }
        }
        if loggedIn == nil && line.contains("ldm: logged in: ") { loggedIn = seconds }
    }

    /// The lines of the summary, one per milestone reached.
    var summary: [String] {
        func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
        var lines: [String] = []
        if let ready { lines.append("power-on to `ltsp-client: ready`: \(seconds(ready))") }
        if let greeter {
            lines.append(
                "power-on to the greeter: \(seconds(greeter))"
                    + (memoryAtGreeter.map { " (\($0))" } ?? ""))
        }
        if let loggedIn { lines.append("power-on to logged in: \(seconds(loggedIn))") }
        if let window, let loggedIn { lines.append("logged in to the session's window: \(seconds(window - loggedIn))") }
        return lines
    }
}
