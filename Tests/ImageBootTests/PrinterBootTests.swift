import Foundation
import Testing
import TestSupport

/// A PXE-booted thin client serves lts.conf's printers: a file-backed serial port (PRINTER_0, /dev/ttyS1) and a
/// file-backed parallel port (PRINTER_1, /dev/lp0) in qemu. Jobs of several MiB from the server, one straight to the
/// port and one through the CUPS queue `kiwi-ltsp printers --cups` made in a cupsd of the test's own, arrive in the
/// host files byte for byte; a job from an address that is not a server is refused.
@Suite(.serialized)
struct PrinterBootTests {
    @Test func jobsFromTheServerReachTheClientsSerialAndParallelPorts() throws {
        let image = try TestImage.ensureBuilt()
        try RequiredTool.require(PXEBootTests.tools + PrivateCUPS.tools + ["nc", "sha256sum"])
        let lab = try PXELab(
            "printers", image: image, settings: [:],
            clientSettings: [
                "PRINTER_0_DEVICE = /dev/ttyS1", "PRINTER_0_SPEED = 115200", "PRINTER_1_DEVICE = /dev/lp0",
            ])
        try lab.startServe()
        let serial = lab.root.path + "/serial.out", parallel = lab.root.path + "/parallel.out"
        let vm = try lab.bootClient(devices: [
            "-chardev", "file,id=printer0,path=\(serial)", "-device", "isa-serial,chardev=printer0",
            "-chardev", "file,id=printer1,path=\(parallel)", "-device", "isa-parallel,chardev=printer1",
        ])
        let ready = try lab.waitForReady(vm)
        _ = try vm.waitForLine(matching: #"printer 1: /dev/lp0 on port 9101"#, timeout: 60)
        let client = ready.address

        func job(_ name: String, size: Int, seed: UInt64) throws -> String {
            let path = lab.root.path + "/" + name
            try ScratchRoot.writePattern(to: path, size: size, seed: seed)
            return path
        }
        func sha(_ path: String) -> String {
            ((try? Command.run(["sha256sum", path]).stdout) ?? "").prefix(64).description
        }
        func waitForFile(_ path: String, toMatch expected: String, _ what: String) throws {
            do {
                try waitUntil(timeout: 300) { sha(path) == expected }
            } catch {
                throw TestFailure("\(what): \(error)")
            }
        }
        // A job from an address that is not a login server: refused, nothing printed.
        try lab.lab.server.exec(["ip", "addr", "add", "192.168.67.99/24", "dev", lab.lab.serverInterface])
        let stranger = try job("stranger.bin", size: 100_000, seed: 1)
        _ = try lab.lab.server.exec(
            ["sh", "-c", "nc -N -w 10 -s 192.168.67.99 \(client) 9100 < \(stranger)"], check: false)
        _ = try vm.waitForLine(matching: #"connection from 192\.168\.67\.99 refused"#, timeout: 30)
        #expect(((try? FileManager.default.attributesOfItem(atPath: serial)[.size] as? Int) ?? 0) == 0)

        // Straight to the serial port's raw socket.
        let first = try job("first.bin", size: 3 << 20, seed: 2)
        let sent = try lab.lab.server.exec(["sh", "-c", "nc -N \(client) 9100 < \(first)"], check: false)
        #expect(sent.succeeded, "\(sent.stderr)")
        try waitForFile(serial, toMatch: sha(first), "the serial job on the host")

        // Through CUPS: the queue `printers --cups` makes for the parallel port.
        let cups = try PrivateCUPS("printers-cups", namespace: lab.lab.server)
        let made = try lab.lab.server.exec(
            [
                "env", "CUPS_SERVER=\(cups.socketPath)", BuiltProducts.executable("kiwi-ltsp"),
                "printers", "--cups", "--root", lab.root.path,
            ], check: false)
        #expect(made.succeeded && made.stdout.contains(": added"), "\(made.stdout)\(made.stderr)")
        let queue = try #require(
            made.stdout.split(separator: "\n").first { $0.contains("/dev/lp0") }?
                .split(separator: " ").last.map(String.init))
        let second = try job("second.bin", size: 2 << 20, seed: 3)
        let submitted = try Command.run(["lp", "-d", queue, "-o", "raw", second], environment: cups.environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        try waitForFile(parallel, toMatch: sha(second), "the CUPS job on the parallel port: \(cups.log.suffix(1500))")
        #expect(sha(serial) == sha(first), "the serial port got nothing more")
    }
}
