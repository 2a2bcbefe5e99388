import LDMInfoWire

/// The host menu from the servers' reports (LDM_SERVER order): the servers whose info service answered, best rating
/// first (LTSP 5 read the rating and never used it); then those that answered without an info service; the
/// unreachable are left out, unless no server answered at all, when every server stays so the user can try. The
/// first is preselected.
public struct ServerChoice: Equatable, Sendable {
    public var servers: [ServerReport]

    public init(_ reports: [ServerReport]) {
        let answered = reports.enumerated().filter { $0.element.info != nil }
            .sorted { left, right in
                let (a, b) = (left.element.info?.rating ?? -1, right.element.info?.rating ?? -1)
                return a != b ? a > b : left.offset < right.offset
            }
            .map { $0.element }
        let withoutInfo = reports.filter { $0.reach == .noInfoService }
        let reachable = answered + withoutInfo
        servers = reachable.isEmpty ? reports : reachable
    }

    public var preselected: ServerReport? { servers.first }

    public func report(for server: String) -> ServerReport? { servers.first { $0.server == server } }

    /// The server after `server` in the menu (for a retry after it could not be reached), wrapping around.
    public func server(after server: String) -> String? {
        guard let index = servers.firstIndex(where: { $0.server == server }), servers.count > 1 else { return nil }
        return servers[(index + 1) % servers.count].server
    }
}
