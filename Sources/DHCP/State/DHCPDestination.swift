import NetworkValues

/// Where a reply goes (RFC 2131 §4.1, "the server sends ... to").
public enum DHCPDestination: Hashable, Sendable {
    /// 255.255.255.255 on the interface the request came in on.
    case broadcast(port: Int)
    case unicast(IPv4Address, port: Int)
}
