import Foundation
import Testing
import TestSupport

/// `serve` started as root runs as SERVE_USER with two capabilities, owns its state, and its status socket is
/// reachable by nobody else; `SERVE_USER=root` keeps root.
@Suite(.serialized)
struct ServePrivilegeTests {
    /// `Field:\tvalue` lines of /proc/PID/status.
    static func status(_ pid: pid_t) throws -> [String: String] {
        let text = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return fields
    }

    @Test func serveRunsAsTheServiceUserWithTwoCapabilities() throws {
        try ServeHarness.requireTools(["curl", "getent"])
        let harness = try ServeHarness("serve-user")
        try "fine\n".write(toFile: harness.root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)
        try harness.start()
        let serve = try #require(harness.serve)
        let account = try Command.run(["getent", "passwd", "kiwi-ltsp"]).stdout.split(separator: ":")
        let uid = try #require(account.count > 3 ? UInt32(account[2]) : nil, "useradd made the user")
        let fields = try Self.status(serve.pid)
        #expect(
            fields["Uid"]?.split(separator: "\t").allSatisfy { UInt32($0) == uid } == true, "\(fields["Uid"] ?? "")")
        // CAP_NET_BIND_SERVICE (10) and CAP_NET_RAW (13): 0x2400, effective and in the bounding set, nothing else.
        #expect(fields["CapEff"] == "0000000000002400")
        #expect(fields["CapBnd"] == "0000000000002400")
        #expect(fields["NoNewPrivs"] == "1")
        #expect(serve.log.contains("running as kiwi-ltsp (uid \(uid)) with CAP_NET_BIND_SERVICE CAP_NET_RAW"))

        var info = stat()
        let state = harness.root.path + "/var/lib/kiwi-ltsp"
        #expect(stat(state, &info) == 0 && info.st_uid == uid, "the state directory is the service user's")
        let socket = harness.root.path + "/run/kiwi-ltsp/serve.sock"
        #expect(
            stat(socket, &info) == 0 && info.st_mode & 0o777 == 0o600 && info.st_uid == uid,
            "status socket mode \(String(info.st_mode & 0o777, radix: 8))")
        // Port 69 was bound after the change: the capability is what lets it.
        let good = try harness.client(["curl", "-sS", "tftp://127.0.0.1/KIWI/lts.conf", "-o", "-"])
        #expect(good.stdout == "fine\n")
        let status = try harness.client([BuiltProducts.executable("kiwi-ltsp"), "status", "--root", harness.root.path])
        #expect(status.status == 0, "root still asks the status socket: \(status.stderr)")
    }

    @Test func serveUserRootKeepsRoot() throws {
        try ServeHarness.requireTools(["curl"])
        var settings = ScratchRoot.loopback
        settings["SERVE_USER"] = "root"
        let harness = try ServeHarness("serve-root", settings: settings)
        try harness.start()
        let serve = try #require(harness.serve)
        #expect(try Self.status(serve.pid)["Uid"]?.hasPrefix("0\t") == true)
        #expect(serve.log.contains("running as root (uid 0)"))
    }
}
