import Foundation
import LTSPConfig
import Logging
import SystemSupport
import Testing

@testable import BootServer

/// The NBD exports `serve` makes: one per architecture (ARCH, then EXTRA_ARCHES), named the architecture and aliased
/// by its image path, and one swap export.
struct NBDExportsTests {
    func exports(_ text: String) throws -> ([String], [[String]], [String], Bool) {
        let root = NSTemporaryDirectory() + "kiwi-ltsp-nbd-exports-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let loaded = ConfigurationLoader(network: BootServerTests.network)
            .load(text: "DHCP_IFACES=lab0\n" + text, file: "kiwi-ltsp")
        #expect(loaded.isValid, "\(loaded.diagnostics)")
        let server = BootServer(
            configuration: loaded.configuration, root: RootDirectory(root), network: BootServerTests.network,
            logger: Logger(label: "test"))
        let (exports, swap) = try server.makeNBDExports(for: loaded.configuration)
        return (exports.map(\.name), exports.map(\.aliases), exports.map(\.path), swap != nil)
    }

    @Test func oneExportForARCHAlone() throws {
        let (names, aliases, paths, swap) = try exports("")
        #expect(names == ["amd64"])
        #expect(aliases == [["/srv/kiwi-ltsp/amd64.img"]])
        #expect(paths.map { TextFile.baseName(of: $0) } == ["amd64.img"])
        #expect(swap)
    }

    @Test func oneExportPerArchitectureAndOneSwap() throws {
        let (names, aliases, paths, swap) = try exports("EXTRA_ARCHES=i386\n")
        #expect(names == ["amd64", "i386"])
        #expect(aliases == [["/srv/kiwi-ltsp/amd64.img"], ["/srv/kiwi-ltsp/i386.img"]])
        #expect(paths.map { TextFile.baseName(of: $0) } == ["amd64.img", "i386.img"])
        #expect(swap)
    }

    @Test func extraArchesChangeTheExportsOnReload() {
        let network = BootServerTests.network
        let old = ConfigurationLoader(network: network).load(text: "DHCP_IFACES=lab0\n", file: "k").configuration
        let new = ConfigurationLoader(network: network).load(text: "DHCP_IFACES=lab0\nEXTRA_ARCHES=i386\n", file: "k")
            .configuration
        let plan = ServeReloadPlan(running: old, new: new)
        #expect(plan.live.map(\.description) == ["EXTRA_ARCHES \"\" -> i386"])
        #expect(plan.changes(.nbd))
        #expect(plan.effective.arches == ["amd64", "i386"])
    }
}
