import LDMInfoWire

/// What asking one login server's info service gave.
public struct ServerReport: Equatable, Sendable {
    public enum Reach: Equatable, Sendable {
        /// The info service answered.
        case answered(LDMInfo)
        /// The host answered but runs no info service (connection refused): ssh may still work there.
        case noInfoService
        /// No answer at all (timeout, no route, unknown name): skipped while another server is there.
        case unreachable(String)
    }

    public var server: String
    public var reach: Reach

    public init(server: String, reach: Reach) {
        self.server = server
        self.reach = reach
    }

    public var info: LDMInfo? {
        if case .answered(let info) = reach { return info }
        return nil
    }

    /// What the greeter's host menu says: the server and its rating.
    public var label: String {
        switch reach {
        case .answered(let info): info.rating.map { "\(server) (load rating \($0))" } ?? server
        case .noInfoService: server
        case .unreachable: "\(server) (not answering)"
        }
    }
}
