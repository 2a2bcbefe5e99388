import Foundation
import LTSPConfig
import NetworkValues
import TestSupport
import Testing

@testable import KiwiLTSPCommands

/// `kiwi-ltsp printers`: the printers lts.conf gives the known clients, and the CUPS queue for each.
struct PrintersCommandIntegrationTests {
    static let ltsConf = """
        [default]
            SOUND = True
        [52:54:00:00:00:01]
            PRINTER_0_DEVICE = /dev/ttyS1
            PRINTER_0_SPEED = 19200
        [192.168.67.30]
            PRINTER_1_DEVICE = /dev/usb/lp0
            PRINTER_1_PORT = 9200
        [lab02]
            PRINTER_2_DEVICE = /dev/lp0
            PRINTER_2_PORT = ipp
        [52:54:00:00:00:03]
            PRINTER_0_DEVICE = /dev/lp0
        """

    static let reservations = "52:54:00:00:00:01,192.168.67.21,lab01 52:54:00:00:00:02,192.168.67.22,lab02"

    @Test func listsEachClientsPrintersWithTheirQueueAndURI() throws {
        var settings = ScratchRoot.loopback
        settings["DHCP_RESERVATIONS"] = Self.reservations
        let root = try ScratchRoot("printers", settings: settings)
        defer { root.remove() }
        try Self.ltsConf.write(toFile: root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)
        let result = try Command.run([BuiltProducts.executable("kiwi-ltsp"), "printers", "--root", root.path])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(
            rows == [
                ["CLIENT", "PRINTER", "DEVICE", "URI", "QUEUE"],
                ["lab01", "0", "/dev/ttyS1", "socket://192.168.67.21:9100", "kiwi-lab01-0"],
                ["192.168.67.30", "1", "/dev/usb/lp0", "socket://192.168.67.30:9200", "kiwi-192-168-67-30-1"],
            ])
        #expect(result.stderr.contains("lab02: PRINTER_2_PORT=ipp: expected a TCP port"), "\(result.stderr)")
    }

    /// A client known only by its lease (MAC and address) gets the printers of its MAC's section.
    @Test func leasesAreClientsToo() {
        let document = try? LTSConfParser().parse(Self.ltsConf, file: "lts.conf")
        let clients = ClientPrinterList.clients(
            reservations: [], leases: [(address: IPv4Address("192.168.67.23")!, mac: "52:54:00:00:00:03")],
            document: document ?? LTSConfDocument())
        #expect(clients.map { $0.ipAddress?.description } == ["192.168.67.23", "192.168.67.30"])
        let (printers, problems) = ClientPrinterList.printers(for: clients, document: document ?? LTSConfDocument())
        #expect(problems.isEmpty)
        #expect(printers.map(\.uri) == ["socket://192.168.67.23:9100", "socket://192.168.67.30:9200"])
    }
}

/// `printers --cups` against a real cupsd of the test's own: the queue is added once, left alone when right,
/// updated when lts.conf moves the port, and a job printed to it arrives byte for byte where the client's printer
/// service would listen (netcat stands in for it here; the thin client's own service is tested in ThinClientTests).
@Suite(.serialized)
struct PrintersCUPSIntegrationTests {
    @Test func queuesAreAddedOnceUpdatedAndPrintToTheClient() throws {
        try RequiredTool.require(PrivateCUPS.tools + ["nc", "sha256sum"])
        let cups = try PrivateCUPS("cups")
        let root = try ScratchRoot("printers-cups", settings: ScratchRoot.loopback)
        defer { root.remove() }
        let port = Int.random(in: 20000..<60000)
        func writeLTSConf(_ port: Int) throws {
            try "[127.0.0.5]\n    PRINTER_0_DEVICE = /dev/lp0\n    PRINTER_0_PORT = \(port)\n"
                .write(toFile: root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)
        }
        func printers() throws -> CommandResult {
            try Command.run(
                [BuiltProducts.executable("kiwi-ltsp"), "printers", "--cups", "--root", root.path],
                environment: cups.environment)
        }
        try writeLTSConf(port)
        let queue = "kiwi-127-0-0-5-0"
        let added = try printers()
        #expect(
            added.status == 0 && added.stdout.contains("\(queue): added"), "\(added.stdout)\(added.stderr)\(cups.log)")
        let again = try printers()
        #expect(again.stdout.contains("\(queue): unchanged"), "\(again.stdout)\(again.stderr)")
        let listed = try Command.run(["lpstat", "-v", queue], environment: cups.environment)
        #expect(listed.stdout.contains("socket://127.0.0.5:\(port)"), "\(listed.stdout)\(listed.stderr)")

        let job = root.path + "/job.bin"
        try ScratchRoot.writePattern(to: job, size: 2 << 20, seed: 11)
        let received = root.path + "/received.bin"
        let output = open(received, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let null = open("/dev/null", O_RDWR)
        let listener = try Spawn.start(["nc", "-l", "127.0.0.5", "\(port)"], stdin: null, stdout: output, stderr: null)
        close(output)
        close(null)
        defer { kill(listener, SIGTERM); waitpid(listener, nil, 0) }
        // Seen in the socket table, not by connecting: nc takes one connection only.
        try Poll.until("nc to listen on 127.0.0.5:\(port)") { SocketTable.isListening(tcp: "127.0.0.5", port: port) }
        let submitted = try Command.run(["lp", "-d", queue, "-o", "raw", job], environment: cups.environment)
        #expect(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
        let expected = try Command.run(["sha256sum", job]).stdout.prefix(64)
        let deadline = Date().addingTimeInterval(60)
        var arrived = false
        while !arrived && Date() < deadline {
            arrived = (try? Command.run(["sha256sum", received]).stdout.prefix(64)) == expected
            if !arrived { usleep(200_000) }
        }
        #expect(arrived, "the job did not arrive intact: \(cups.log.suffix(2000))")

        try writeLTSConf(port + 1)
        let moved = try printers()
        #expect(
            moved.stdout.contains("\(queue): updated (was socket://127.0.0.5:\(port))"),
            "\(moved.stdout)\(moved.stderr)")
    }
}
