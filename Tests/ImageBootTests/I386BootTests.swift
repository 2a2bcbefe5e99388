import Foundation
import Testing
import TestSupport

/// A 32-bit client beside a 64-bit one, from one `kiwi-ltsp serve` with EXTRA_ARCHES="i386": both power on at the
/// same time with iPXE (qemu-system-i386 with a 32-bit CPU, qemu-system-x86_64), the iPXE script's `cpuid --ext 29`
/// sends each to its architecture's kernel, initrd and NBD export, and each ltsp-client (the i386 one built with
/// Embedded Swift by scripts/build-clients-i386) reports ready. TCG only.
@Suite(.serialized)
struct I386BootTests {
    @Test func anI386AndAnAmd64ClientBootFromOneServer() throws {
        let amd64 = try TestImage.ensureBuilt()
        let i386 = try TestImage.ensureBuiltI386()
        let lab = try PXELab("pxe-i386", image: amd64, settings: ["EXTRA_ARCHES": "i386"])
        try lab.addArch(i386)
        let ltsConf = lab.root.tftpRoot + "/KIWI/lts.conf"
        let text = try String(contentsOfFile: ltsConf, encoding: .utf8)
        // No screens on the 32-bit client: this test is about the boot (DesktopSessionTests logs in on one).
        try (text + "[\(PXELab.i386MAC)]\n    HOSTNAME = oldclient\n    SCREEN_07 = NONE\n").write(
            toFile: ltsConf, atomically: true, encoding: .utf8)
        try lab.addTap("tap1")
        try lab.startServe()

        let old = try lab.bootI386Client(mac: PXELab.i386MAC, tap: "tap1")
        defer { old.stop() }
        let new = try lab.bootClient()

        let oldReady = try lab.waitForReady(old)
        let newReady = try lab.waitForReady(new)
        #expect(oldReady.hostname == "oldclient")
        #expect(newReady.hostname == "pxeclient")
        #expect(oldReady.address != newReady.address)
        let oldConsole = old.output
        let newConsole = new.output
        #expect(oldConsole.contains("-686 "), "the 32-bit client runs Debian's 686 kernel: \(oldConsole.suffix(3000))")
        #expect(newConsole.contains("-amd64 "), "the 64-bit client runs the amd64 kernel")

        let log = lab.serve?.log ?? ""
        #expect(log.contains("KIWI/i386/linux-ltsp") && log.contains("KIWI/i386/initrd-ltsp"), "\(log)")
        let (json, stages) = try lab.statusStages()
        #expect(stages.filter { $0 == "nbd-attach" }.count >= 2, "both clients attached their root: \(json)")
        #expect(json.lowercased().contains(PXELab.i386MAC) && json.lowercased().contains(PXELab.mac), "\(json)")
        #expect(
            log.contains("nbd-attach i386 from") && log.contains("nbd-attach amd64 from"),
            "each client attached its own architecture's export: \(log)")
    }
}
