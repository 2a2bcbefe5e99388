import Foundation
import Testing
import TestSupport

/// `configure` writes the values it derived from the host (SERVER_IP from the interface) into the menus and
/// service files and records them; `serve` derives them again at start and on SIGHUP. When the host's address
/// changed in between, serve says so (and that configure must run again) instead of silently serving on an address
/// the menus do not name; after configure ran again it is quiet.
@Suite(.serialized)
struct DerivedValuesServeTests {
    static let record = "/var/lib/kiwi-ltsp/derived.conf"
    static let changed =
        "the host changed since configure: SERVER_IP was 192.168.67.1 when `kiwi-ltsp configure` ran "
        + "and is 192.168.68.1 now"

    @Test func serveWarnsWhenTheHostNoLongerGivesWhatConfigureWrote() throws {
        try ServeHarness.requireTools([])
        let harness = try ServeHarness(
            "derived",
            settings: [
                "DHCP_IFACES": "lab0", "DHCP_MODE": "off", "NAT": "no", "DNS_SERVERS": "192.0.2.53",
            ])
        try harness.namespace.addVethPair("lab0", "lab0p", address: "192.168.67.1/24")
        func configure() throws {
            let result = try harness.client([
                BuiltProducts.executable("kiwi-ltsp"), "configure", "--root",
                harness.root.path, "--no-commands",
            ])
            try #require(result.succeeded, "\(result.stdout)\(result.stderr)")
        }
        try configure()
        let recorded = try String(contentsOfFile: harness.root.path + Self.record, encoding: .utf8)
        #expect(recorded.contains("\nSERVER_IP=192.168.67.1\n"), "\(recorded)")
        #expect(!recorded.contains("DHCP_IFACES="), "a value the file sets is not derived: \(recorded)")

        // The host as configure saw it: nothing to say.
        try harness.start(["--only", "tftp"], ready: "TFTP listening")
        let serve = try #require(harness.serve)
        #expect(!serve.log.contains("the host changed"), "\(serve.log)")

        // The address changes: SIGHUP finds it, and so does the next start.
        _ = try harness.client(["ip", "addr", "flush", "dev", "lab0"], check: true)
        _ = try harness.client(["ip", "addr", "add", "192.168.68.1/24", "dev", "lab0"], check: true)
        kill(serve.pid, SIGHUP)
        try serve.waitForLog(Self.changed)
        try serve.waitForLog("run `kiwi-ltsp configure` again")
        try serve.terminate()
        try harness.start(["--only", "tftp"], ready: "TFTP listening")
        #expect(try #require(harness.serve).log.contains(Self.changed))
        try harness.serve?.terminate()

        // configure again: the files, the record and serve agree.
        try configure()
        #expect(
            try String(contentsOfFile: harness.root.path + Self.record, encoding: .utf8)
                .contains("\nSERVER_IP=192.168.68.1\n"))
        try harness.start(["--only", "tftp"], ready: "TFTP listening")
        #expect(!(try #require(harness.serve).log.contains("the host changed")))
    }
}
