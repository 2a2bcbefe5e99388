import Foundation

/// One client's boot as the server saw it, oldest event first.
public struct BootClientRecord: Sendable, Hashable, Codable {
    /// The client's key: its MAC, or its IP address when no lease of ours names the MAC.
    public var client: String
    public var mac: String?
    /// The latest address the client had (leased, or seen on TFTP/NBD).
    public var address: String?
    /// The latest firmware kind DHCP saw.
    public var firmware: String?
    public var firstSeen: Date
    public var lastSeen: Date
    public var events: [BootEvent]
    /// The stages seen, each once, in the order first seen (dropped events included).
    public var stages: [BootEvent.Stage]
    /// Older events dropped to bound memory.
    public var droppedEvents: Int

    /// A client first seen at `firstSeen`, with no events yet.
    public init(client: String, mac: String?, firstSeen: Date) {
        self.client = client
        self.mac = mac
        self.firstSeen = firstSeen
        self.lastSeen = firstSeen
        self.events = []
        self.stages = []
        self.droppedEvents = 0
    }

    /// Adds `event` and its stage; drops the oldest events beyond `limit`.
    mutating func append(_ event: BootEvent, keepingAtMost limit: Int) {
        events.append(event)
        if !stages.contains(event.stage) { stages.append(event.stage) }
        lastSeen = max(lastSeen, event.time)
        if events.count > limit {
            let excess = events.count - limit
            events.removeFirst(excess)
            droppedEvents += excess
        }
    }

    /// Seconds from the client's first event to `event`.
    public func offset(of event: BootEvent) -> Double {
        event.time.timeIntervalSince(firstSeen)
    }
}
