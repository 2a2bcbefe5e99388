import NetworkValues

/// What to do about one request: an optional reply, an optional lease record, and what happened.
public struct DHCPResponse: Hashable, Sendable {
    public var reply: DHCPMessage?
    public var destination: DHCPDestination
    /// A record for the lease journal.
    public var record: DHCPLease?
    /// The reply may leave only once `record` is on disk (an ACK).
    public var replyNeedsDurableRecord: Bool
    public var event: DHCPEvent.Kind?
    public var address: IPv4Address?
    public var boot: DHCPBootAnswer
    /// Why there is no reply, for the debug log.
    public var note: String?
}
