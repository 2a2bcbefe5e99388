import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp status` against a running `kiwi-ltsp serve`: real clients (busybox udhcpc, tftp-hpa, nbdinfo,
/// nbdcopy) boot-like from the server, and the timeline shows each stage under the client's MAC.
@Suite(.serialized)
struct ServeStatusTests {
    @Test func statusShowsDHCPTFTPLTSConfAndNBDUnderTheClientsMAC() throws {
        try ServeHarness.requireTools(ServeStatusLab.tools)
        let lab = try ServeStatusLab("status-boot")
        let kernel = try lab.root.writeTFTPFile("KIWI/linux-ltsp", size: 2 * 1024 * 1024 + 3)
        try lab.start()

        let bound = try lab.udhcpc(configure: true)
        let address = try #require(field("ip", of: bound))
        #expect(address == "192.168.67.20")
        let download = lab.root.path + "/linux-ltsp"
        let get = try lab.clientNamespace.exec(
            ["tftp", "-m", "binary", ServeStatusLab.server, "-c", "get", "KIWI/linux-ltsp", download], check: false)
        #expect(get.status == 0, "\(get.stdout)\(get.stderr)")
        #expect(try sha256(download) == (try sha256(kernel)))
        let lts = lab.root.path + "/lts.conf"
        #expect(
            try lab.clientNamespace.exec(
                ["tftp", "-m", "binary", ServeStatusLab.server, "-c", "get", "KIWI/lts.conf", lts], check: false
            ).status == 0)
        let size = try lab.clientNamespace.exec(["nbdinfo", "--size", "nbd://\(ServeStatusLab.server)/amd64"])
        #expect(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(ServeStatusLab.imageSize)")
        let copy = lab.root.path + "/copy.img"
        try lab.clientNamespace.exec(["nbdcopy", "nbd://\(ServeStatusLab.server)/amd64", copy])
        #expect(try sha256(copy) == (try sha256(lab.image)))

        let expected = ["dhcp-offer", "dhcp-ack", "tftp", "lts-conf", "nbd-attach", "nbd-detach"]
        let document = try lab.statusJSON(
            until: { document in
                Set(ServeStatusLab.stages(ServeStatusLab.client(ServeStatusLab.mac, in: document)))
                    .isSuperset(of: expected)
            }, what: "every stage of \(ServeStatusLab.mac)")
        let client = try #require(ServeStatusLab.client(ServeStatusLab.mac, in: document))
        #expect(client["mac"] as? String == ServeStatusLab.mac)
        #expect(client["address"] as? String == address)
        #expect(client["firmware"] as? String == "BIOS PXE")
        let events = ServeStatusLab.events(client)
        let ack = try #require(events.first { $0["stage"] as? String == "dhcp-ack" })
        #expect(ack["address"] as? String == address)
        #expect(ack["firmware"] as? String == "BIOS PXE")
        #expect(ack["bootFile"] as? String == "lpxelinux.0")
        let tftp = try #require(events.first { $0["stage"] as? String == "tftp" })
        #expect(tftp["file"] as? String == "KIWI/linux-ltsp")
        #expect(tftp["bytes"] as? Int == 2 * 1024 * 1024 + 3)
        #expect(tftp["seconds"] as? Double != nil)
        let ltsConf = try #require(events.first { $0["stage"] as? String == "lts-conf" })
        #expect(ltsConf["file"] as? String == "KIWI/lts.conf")
        #expect(ltsConf["bytes"] as? Int == "[default]\nSOUND = True\n".utf8.count)
        let attach = try #require(events.first { $0["stage"] as? String == "nbd-attach" })
        #expect(attach["export"] as? String == "amd64")
        #expect(attach["address"] as? String == address)
        let stages = events.compactMap { $0["stage"] as? String }
        #expect(stages.firstIndex(of: "dhcp-ack")! < stages.firstIndex(of: "tftp")!, "\(stages)")
        #expect(stages.firstIndex(of: "lts-conf")! < stages.firstIndex(of: "nbd-attach")!, "\(stages)")
        let server = try #require(document["server"] as? [String: Any])
        #expect(server["services"] as? [String] == ["dhcp", "tftp", "nbd", "http", "ra", "ldminfo"])
        #expect(server["pid"] as? Int == Int(lab.serve?.pid ?? 0))

        let table = try lab.status()
        #expect(table.status == 0, "\(table.stderr)")
        for text in [
            ServeStatusLab.mac, "dhcp-offer", "dhcp-ack", "(BIOS PXE)", "tftp", "KIWI/linux-ltsp", "2.0 MiB",
            "lts-conf", "nbd-attach", "amd64 from \(address)",
        ] {
            #expect(table.stdout.contains(text), "table lacks \(text):\n\(table.stdout)")
        }
        #expect(lab.log.contains("boot \(ServeStatusLab.mac): DHCPACK \(address) (BIOS PXE) boot lpxelinux.0"))
        #expect(lab.log.contains("boot \(ServeStatusLab.mac): tftp KIWI/linux-ltsp 2.0 MiB in "))
        #expect(lab.log.contains("boot \(ServeStatusLab.mac): lts-conf KIWI/lts.conf"))
        #expect(lab.log.contains("boot \(ServeStatusLab.mac): nbd-attach amd64 from \(address)"))
        FileHandle.standardError.write(Data("kiwi-ltsp status:\n\(table.stdout)".utf8))

        let mode = try FileManager.default.attributesOfItem(atPath: lab.socketPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try lab.serve?.terminate() == 0)
        #expect(!FileManager.default.fileExists(atPath: lab.socketPath), "serve removes its socket on exit")
    }

    @Test func statusWithoutAServerSaysSoAndExits1() throws {
        let binary = BuiltProducts.executable("kiwi-ltsp")
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build kiwi-ltsp first: \(binary)")
        let root = try ScratchRoot("status-none", settings: ScratchRoot.loopback)
        defer { root.remove() }
        let result = try Command.run([binary, "status", "--root", root.path])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "no kiwi-ltsp serve is running (no socket at \(root.path)/run/kiwi-ltsp/serve.sock)"),
            "\(result.stderr)")
        let json = try Command.run([binary, "status", "--format", "json", "--root", root.path])
        #expect(json.status == 1)
        #expect(json.stdout.isEmpty)
    }

    /// A socket left by a killed server is replaced; a second server on the same root is refused while the first
    /// answers.
    @Test func aStaleSocketIsReplacedAndALiveOneIsNotTaken() throws {
        try ServeHarness.requireTools(["tftp"])
        let harness = try ServeHarness("status-stale")
        let socket = harness.root.path + "/run/kiwi-ltsp/serve.sock"
        try harness.start()
        try harness.serve?.waitForLog("status socket")
        #expect(try harness.serve?.terminate(signal: SIGKILL) == 128 + SIGKILL)
        #expect(FileManager.default.fileExists(atPath: socket), "SIGKILL leaves the socket behind")
        let stale = try Command.run([BuiltProducts.executable("kiwi-ltsp"), "status", "--root", harness.root.path])
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("no kiwi-ltsp serve is running"), "\(stale.stderr)")

        try harness.start()
        try harness.serve?.waitForLog("status socket")
        #expect(harness.serve?.log.contains("replacing the stale status socket") == true)
        let status = try Command.run([BuiltProducts.executable("kiwi-ltsp"), "status", "--root", harness.root.path])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("no client has booted from it yet"), "\(status.stdout)")

        let other = try NetworkNamespace(prefix: "kso")
        let second = try Command.run([
            "ip", "netns", "exec", other.name, BuiltProducts.executable("kiwi-ltsp"),
            "serve", "--only", "tftp", "--root", harness.root.path,
        ])
        #expect(second.status != 0)
        #expect(second.stderr.contains("another kiwi-ltsp serve is running with this root"), "\(second.stderr)")
        #expect(FileManager.default.fileExists(atPath: socket), "the running server keeps its socket")
    }
}

/// SIGHUP: the configuration file is read again without dropping clients.
@Suite(.serialized)
struct ServeStatusReloadTests {
    static let bigFileSize = 24 * 1024 * 1024 + 5

    /// A reservation and a DHCP option change on SIGHUP; a TFTP transfer that started before it completes intact.
    @Test func sighupAppliesANewReservationWhileATransferRuns() throws {
        try ServeHarness.requireTools(ServeStatusLab.tools)
        let lab = try ServeStatusLab("status-reload")
        let big = try lab.root.writeTFTPFile("KIWI/initrd-ltsp", size: Self.bigFileSize, seed: 3)
        try lab.start()
        let before = try lab.udhcpc(configure: true)
        #expect(field("ip", of: before) == "192.168.67.20")
        #expect(field("domain", of: before) == "lab.test")

        // tftp-hpa without options: 512-byte blocks in lockstep, a transfer of many thousand round trips.
        let download = lab.root.path + "/initrd-ltsp"
        let transfer = try BackgroundProcess([
            "ip", "netns", "exec", lab.clientNamespace.name, "tftp", "-m", "binary",
            ServeStatusLab.server, "-c", "get", "KIWI/initrd-ltsp", download,
        ])
        try waitFor("the transfer to start", timeout: 20) {
            ((try? FileManager.default.attributesOfItem(atPath: download)[.size] as? Int) ?? 0) > 0
        }
        // Held still across the reload, so the reload certainly happens in the middle of the transfer.
        kill(transfer.pid, SIGSTOP)
        try lab.reload(
            ServeStatusLab.settings([
                "DHCP_RESERVATIONS": "\(ServeStatusLab.mac),192.168.67.99,lab99", "DOMAIN": "reloaded.test",
                "TFTP_PORT": "6969",
            ]))
        try #require(lab.serve).waitForLog("reloaded \(lab.configFile)", timeout: 20)
        kill(transfer.pid, SIGCONT)
        #expect(lab.log.contains("TFTP_PORT 69 -> 6969 needs a restart"), "\(lab.log)")
        #expect(lab.log.contains("applied DHCP_RESERVATIONS"), "\(lab.log)")

        let after = try lab.udhcpc(configure: false)
        #expect(field("ip", of: after) == "192.168.67.99", "\(after)")
        #expect(field("hostname", of: after) == "lab99")
        #expect(field("domain", of: after) == "reloaded.test")

        try waitFor("the transfer to finish", timeout: 120) { Spawn.wait(transfer.pid, block: false) != nil }
        #expect(try sha256(download) == (try sha256(big)), "the transfer across the reload is intact")
        #expect(lab.log.contains("TFTP sent KIWI/initrd-ltsp"), "\(lab.log)")
        #expect(lab.serve?.isRunning == true)
    }

    /// An invalid file on SIGHUP: its errors are logged as FILE:LINE and the old configuration keeps serving.
    @Test func anInvalidConfigurationIsRefusedAndTheOldOneKeepsServing() throws {
        try ServeHarness.requireTools(ServeStatusLab.tools)
        let lab = try ServeStatusLab("status-invalid")
        try lab.start()
        var text = try String(contentsOfFile: lab.configFile, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        text += "DHCP_RESERVATIONS=\"52:54:00:12:34:56,192.168.67.99\"\nDHCP_RANGE=\"192.168.67.20,nonsense\"\n"
        try text.write(toFile: lab.configFile, atomically: true, encoding: .utf8)
        try lab.hangUp()
        try #require(lab.serve).waitForLog("reload refused", timeout: 20)
        #expect(lab.log.contains("\(lab.configFile):\(lines + 1): "), "the bad line is named:\n\(lab.log)")
        #expect(lab.log.contains("still serving with the configuration loaded before"))

        let bound = try lab.udhcpc(configure: false)
        #expect(field("ip", of: bound) == "192.168.67.20", "the reservation of the refused file is not used")
        #expect(field("domain", of: bound) == "lab.test")
        let status = try lab.status()
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(ServeStatusLab.mac))
    }
}
