import Foundation
import LDMInfo
import LDMInfoWire
import NIOCore
import SystemSupport
import TestSupport
import Testing

/// The info service with real clients: netcat (what LTSP 5's screen script used) over IPv4 and IPv6, and peers that
/// connect and never read.
@Suite(.serialized)
struct LDMInfoServerTests {
    static let tools = ["nc"]

    func withServer(
        maximumConnections: Int = 256, timeout: TimeAmount = .seconds(5),
        _ body: (LDMInfoServer, Int) async throws -> Void
    ) async throws {
        let root = try LDMInfoCatalogTests.makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let configuration = LDMInfoServerConfiguration(
            bindAddresses: [try SocketAddress(ipAddress: "127.0.0.1", port: 0)],
            maximumConnections: maximumConnections, timeout: timeout)
        let server = LDMInfoServer(configuration: configuration, catalog: LDMInfoCatalog(root: RootDirectory(root)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try #require(try await server.boundAddresses().first?.port)
            try await body(server, port)
            group.cancelAll()
        }
    }

    @Test func netcatGetsTheReply() async throws {
        try RequiredTool.require(Self.tools, needsRoot: false)
        try await withServer { _, port in
            let result = try Command.run(["nc", "-w", "5", "127.0.0.1", String(port)])
            #expect(result.succeeded, "\(result.stderr)")
            let info = LDMInfo(parsing: result.stdout)
            #expect(info.languages.first == "de_DE.UTF-8")
            #expect(info.sessions.map(\.command) == ["/usr/bin/icewm-session", "startxfce4"])
            #expect(info.rating == 65)
            #expect(result.stdout.hasSuffix("rating:65\n"))
        }
    }

    /// The wildcard configuration listens on IPv6 and IPv4.
    @Test func wildcardAnswersIPv4AndIPv6() async throws {
        try RequiredTool.require(Self.tools)
        let namespace = try NetworkNamespace(prefix: "ldminfo")
        let root = try LDMInfoCatalogTests.makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TextFile.writeAtomically(
            "DHCP_IFACES=\"lo\"\nSERVER_IP=\"127.0.0.1\"\nDHCP_MODE=\"off\"\nNAT=\"no\"\n"
                + "DNS_SERVERS=\"127.0.0.1\"\n", to: root + "/etc/sysconfig/kiwi-ltsp")
        let serve = try ServeProcess(
            arguments: ["--root", root, "--only", "ldminfo"], namespace: namespace,
            ready: "ldminfo listening")
        #expect(serve.log.contains("ldminfo listening on [IPv6]::/:::9571, [IPv4]0.0.0.0/0.0.0.0:9571"))
        for address in ["127.0.0.1", "::1"] {
            let result = try namespace.exec(["nc", "-w", "5", address, "9571"], check: false)
            #expect(LDMInfo(parsing: result.stdout).rating == 65, "\(address): \(result.stderr)")
        }
    }

    /// Hundreds of peers that connect and read nothing: each gets its reply and is closed, so none holds a slot and
    /// a well-behaved client still gets its answer.
    @Test func silentPeersCannotHoldTheService() async throws {
        try RequiredTool.require(Self.tools, needsRoot: false)
        try await withServer(maximumConnections: 64, timeout: .milliseconds(500)) { server, port in
            var sockets: [Int32] = []
            defer { sockets.forEach { close($0) } }
            for _ in 0..<400 {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = UInt16(port).bigEndian
                address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                #expect(connected == 0)
                sockets.append(fd)
            }
            let result = try Command.run(["nc", "-w", "5", "127.0.0.1", String(port)])
            #expect(LDMInfo(parsing: result.stdout).rating == 65)
            try await waitUntil { server.openConnections == 0 }
        }
    }
}

/// Polls `condition` every 20 ms for up to 20 s.
func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("condition not met within 20 s") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
