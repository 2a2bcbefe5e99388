import DHCP
import Foundation
import Logging
import NetworkValues
import Synchronization
import TestSupport

/// A veth pair whose host end (192.168.67.1/24, in the test's own namespace) serves a client namespace.
final class DHCPTestNetwork: @unchecked Sendable {
    let client: NetworkNamespace
    let hostInterface: String
    let clientInterface = "eth0"

    init() throws {
        client = try NetworkNamespace(prefix: "kdhcp")
        hostInterface = "kdh\(UInt32.random(in: 0..<1_000_000))"
        try Command.run([
            "ip", "link", "add", hostInterface, "type", "veth", "peer", "name", "eth0",
            "netns", client.name,
        ]).check()
        try Command.run(["ip", "addr", "add", "192.168.67.1/24", "dev", hostInterface]).check()
        try Command.run(["ip", "link", "set", hostInterface, "up"]).check()
        try client.exec(["ip", "link", "set", "eth0", "up"])
    }

    deinit { _ = try? Command.run(["ip", "link", "delete", hostInterface]) }

    func configuration(
        mode: DHCPServerConfiguration.Mode = .full, pool: String = "192.168.67.20,192.168.67.30,1h"
    ) throws -> DHCPServerConfiguration {
        DHCPServerConfiguration(
            mode: mode, interfaces: [hostInterface], serverAddress: ip("192.168.67.1"),
            network: IPv4Network(address: ip("192.168.67.1"), prefixLength: 24),
            pool: mode == .full ? try DHCPRange.parse(pool).get() : nil, router: ip("192.168.67.1"),
            dnsServers: [ip("192.168.67.1")], domain: "lab.test",
            leaseDirectory: try BuiltProducts.scratchDirectory("dhcp-leases"), probeForOtherServers: false)
    }
}

/// Runs a server for the length of `body`, which starts once the server's sockets are bound (its log says it is
/// serving).
func withDHCPServer<T>(
    _ configuration: DHCPServerConfiguration, events: EventLog = EventLog(), _ body: () async throws -> T
) async throws -> T {
    let messages = LogMessages()
    var logger = Logger(label: "test.dhcp") { label in
        RecordingLogHandler(messages: messages, forward: StreamLogHandler.standardError(label: label))
    }
    logger.logLevel = ProcessInfo.processInfo.environment["KIWI_DHCP_DEBUG"] == nil ? .info : .trace
    let server = DHCPServer(configuration: configuration, logger: logger, onEvent: { events.append($0) })
    let ended = Flag()
    let task = Task {
        defer { ended.set() }
        try await server.run()
    }
    try await Poll.until("the DHCP server to serve") { messages.contains("serving on") || ended.isSet }
    if ended.isSet && !messages.contains("serving on") {
        try await task.value
        throw TestFailure("the DHCP server ended before it served")
    }
    do {
        let result = try await body()
        task.cancel()
        try await task.value
        return result
    } catch {
        task.cancel()
        _ = try? await task.value
        throw error
    }
}

/// The messages a ``RecordingLogHandler`` has seen.
final class LogMessages: Sendable {
    private let messages = Mutex<[String]>([])
    func append(_ message: String) { messages.withLock { $0.append(message) } }
    func contains(_ text: String) -> Bool { messages.withLock { $0.contains { $0.contains(text) } } }
}

/// Keeps each message for the test to look for, and passes it on (to standard error, as before).
struct RecordingLogHandler: LogHandler {
    let messages: LogMessages
    var forward: any LogHandler

    var logLevel: Logger.Level {
        get { forward.logLevel }
        set { forward.logLevel = newValue }
    }
    var metadata: Logger.Metadata {
        get { forward.metadata }
        set { forward.metadata = newValue }
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { forward[metadataKey: key] }
        set { forward[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        messages.append(event.message.description)
        forward.log(event: event)
    }
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [DHCPEvent] = []
    func append(_ event: DHCPEvent) { lock.lock(); events.append(event); lock.unlock() }
    var all: [DHCPEvent] { lock.lock(); defer { lock.unlock() }; return events }
}

extension CommandResult {
    @discardableResult
    func check() throws -> CommandResult {
        guard succeeded else { throw TestFailure("exit \(status): \(stderr)") }
        return self
    }
}

/// A udhcpc/dhclient hook script that prints the variables it was given.
func printingScript() throws -> String {
    try DHCPHookScript.write(configure: false, in: BuiltProducts.scratchDirectory("dhcp-script"))
}
