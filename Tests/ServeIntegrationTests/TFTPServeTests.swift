import Foundation
import Testing
import TestSupport

/// Real TFTP clients against `kiwi-ltsp serve`.
@Suite(.serialized)
struct TFTPServeTests {
    static let clients: [(String, [String])] = [
        ("tftp-hpa", ["tftp", "-m", "binary", "127.0.0.1", "-c", "get", "KIWI/linux-ltsp", "OUT"]),
        (
            "curl blksize 1468",
            ["curl", "-sS", "--tftp-blksize", "1468", "tftp://127.0.0.1/KIWI/linux-ltsp", "-o", "OUT"]
        ),
        (
            "curl blksize 65464",
            ["curl", "-sS", "--tftp-blksize", "65464", "tftp://127.0.0.1/KIWI/linux-ltsp", "-o", "OUT"]
        ),
        ("curl blksize 8", ["curl", "-sS", "--tftp-blksize", "8", "tftp://127.0.0.1/KIWI/initrd-small", "-o", "OUT"]),
        (
            "atftp blksize+windowsize",
            [
                "atftp", "--option", "blksize 1468", "--option", "windowsize 16", "-g", "-r",
                "KIWI/linux-ltsp", "-l", "OUT", "127.0.0.1",
            ]
        ),
        (
            "atftp tsize",
            [
                "atftp", "--option", "tsize", "--option", "blksize 1432", "-g", "-r", "KIWI/linux-ltsp",
                "-l", "OUT", "127.0.0.1",
            ]
        ),
        ("busybox", ["busybox", "tftp", "-b", "1468", "-g", "-r", "KIWI/linux-ltsp", "-l", "OUT", "127.0.0.1"]),
    ]

    @Test(arguments: clients)
    func realClientGetsTheFileIntact(name: String, command: [String]) throws {
        try ServeHarness.requireTools([command[0] == "busybox" ? "busybox" : command[0], "sha256sum"])
        let harness = try ServeHarness("tftp-client")
        let source = try harness.root.writeTFTPFile("KIWI/linux-ltsp", size: 3 * 1024 * 1024 + 77)
        let small = try harness.root.writeTFTPFile("KIWI/initrd-small", size: 5000)
        try harness.start()
        let output = harness.root.path + "/download"
        let result = try harness.client(command.map { $0 == "OUT" ? output : $0 })
        #expect(result.status == 0, "\(name): \(result.stdout)\(result.stderr)")
        let expected = command.contains { $0.hasSuffix("initrd-small") } ? small : source
        #expect(try sha256(output) == (try sha256(expected)), "\(name) got different bytes")
        #expect(harness.serve?.log.contains("TFTP sent KIWI/") == true)
    }

    @Test func listensOnEveryAddressOfTFTPListenIPv4AndIPv6() throws {
        try ServeHarness.requireTools(["curl", "sha256sum"])
        var settings = ScratchRoot.loopback
        settings["TFTP_LISTEN"] = "127.0.0.1 ::1"
        let harness = try ServeHarness("tftp-listen", settings: settings)
        let source = try harness.root.writeTFTPFile("KIWI/linux-ltsp", size: 200_000)
        try harness.start()
        for host in ["127.0.0.1", "[::1]"] {
            let output = harness.root.path + "/download"
            let result = try harness.client([
                "curl", "-sS", "--tftp-blksize", "1468",
                "tftp://\(host)/KIWI/linux-ltsp", "-o", output,
            ])
            #expect(result.status == 0, "\(host): \(result.stderr)")
            #expect(try sha256(output) == (try sha256(source)), "\(host)")
        }
    }

    @Test func netasciiIsConvertedBothWays() throws {
        try ServeHarness.requireTools(["tftp"])
        let harness = try ServeHarness("tftp-netascii")
        let text = "line one\nline two\r\nbare\rcarriage\n"
        try text.write(toFile: harness.root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)
        try harness.start()
        let output = harness.root.path + "/lts.txt"
        let result = try harness.client(["tftp", "-m", "netascii", "127.0.0.1", "-c", "get", "KIWI/lts.conf", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == text)
    }

    @Test func fileLargerThan65535BlocksAtBlksize512() throws {
        try ServeHarness.requireTools(["curl", "sha256sum"])
        let harness = try ServeHarness("tftp-rollover")
        let size = 70_000 * 512 + 123  // 70,001 blocks: the block number wraps past 65,535
        let source = try harness.root.writeTFTPFile("KIWI/big.img", size: size)
        try harness.start()
        let output = harness.root.path + "/big.out"
        let result = try harness.client([
            "curl", "-sS", "--tftp-blksize", "512", "tftp://127.0.0.1/KIWI/big.img",
            "-o", output,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sha256(output) == (try sha256(source)))
    }

    @Test func missingFileIsErrorOneAndWritesAreRefused() throws {
        try ServeHarness.requireTools(["tftp", "curl"])
        let harness = try ServeHarness("tftp-errors")
        try harness.start()
        let missing = try harness.client(["curl", "-sS", "tftp://127.0.0.1/KIWI/nothing-here", "-o", "/dev/null"])
        #expect(missing.status == 68, "curl exits 68 for TFTP error 1 (file not found): \(missing.stderr)")
        let upload = harness.root.path + "/upload.txt"
        try "payload".write(toFile: upload, atomically: true, encoding: .utf8)
        let put = try harness.client(["tftp", "-m", "binary", "127.0.0.1", "-c", "put", upload, "KIWI/uploaded"])
        #expect(put.stdout.contains("Access violation") || put.stderr.contains("Access violation"), "\(put)")
        #expect(!FileManager.default.fileExists(atPath: harness.root.tftpRoot + "/KIWI/uploaded"))
    }

    @Test func twoHundredConcurrentCurlTransfersAllCompleteIntact() throws {
        try ServeHarness.requireTools(["curl", "sha256sum", "sh"])
        var settings = ScratchRoot.loopback
        settings["TFTP_MAX_TRANSFERS_PER_CLIENT"] = "256"
        let harness = try ServeHarness("tftp-200", settings: settings)
        let source = try harness.root.writeTFTPFile("KIWI/initrd-ltsp", size: 512 * 1024 + 5)
        try harness.start()
        let directory = harness.root.path + "/downloads"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = """
            fail=0
            pids=""
            for i in $(seq 1 200); do
              curl -sS --retry 0 --tftp-blksize 1468 tftp://127.0.0.1/KIWI/initrd-ltsp -o \(directory)/$i &
              pids="$pids $!"
            done
            for pid in $pids; do wait $pid || fail=$((fail+1)); done
            echo failed=$fail
            """
        let result = try harness.client(["sh", "-c", script])
        #expect(result.stdout.contains("failed=0"), "\(result.stdout)\(result.stderr)")
        let expected = try sha256(source)
        let sums = try Command.run(["sh", "-c", "sha256sum \(directory)/* | cut -c1-64 | sort | uniq -c"]).stdout
        #expect(sums.trimmingCharacters(in: .whitespacesAndNewlines) == "200 \(expected)", "\(sums)")
    }

    @Test func thousandConcurrentTransfersAndMemoryFollowsTransfersNotFileSize() throws {
        try ServeHarness.requireTools(["python3"])
        var settings = ScratchRoot.loopback
        settings["TFTP_MAX_TRANSFERS_PER_CLIENT"] = "1024"
        let harness = try ServeHarness("tftp-1000", settings: settings)
        let size = 4 * 1024 * 1024
        try harness.root.writeTFTPFile("KIWI/image.bin", size: size)
        try harness.start()
        let probe = try #require(Bundle.module.path(forResource: "tftp_probe", ofType: "py"))
        let result = try harness.client([
            "python3", probe, "swarm", "127.0.0.1", "69", "KIWI/image.bin", "1000", "65464",
        ])
        #expect(result.stdout.hasPrefix("ok 1000 \(size)"), "\(result.stdout)\(result.stderr)")
        // 1,000 transfers of a 4 MiB file: holding the files would take 4 GiB; a window buffer each is ~64 MiB.
        let peak = try #require(harness.serve.flatMap { try? Self.peakResidentMiB(of: $0) })
        #expect(peak < 512, "serve peaked at \(peak) MiB")
    }

    @Test func sigtermEndsTransfersInFlightAndExitsCleanly() throws {
        try ServeHarness.requireTools(["curl"])
        let harness = try ServeHarness("tftp-stop")
        try harness.root.writeTFTPFile("KIWI/huge.img", size: 64 * 1024 * 1024)
        try harness.start()
        let output = harness.root.path + "/huge.out"
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }
        let client = try Spawn.start(
            [
                "ip", "netns", "exec", harness.namespace.name, "curl", "-sS", "--max-time", "60",
                "--tftp-blksize", "512", "tftp://127.0.0.1/KIWI/huge.img", "-o", output,
            ],
            stdin: null, stdout: null, stderr: null)
        // The transfer is under way once its first bytes are written. Then curl is held (SIGSTOP): it acknowledges
        // nothing more, so the transfer is still in flight when serve gets SIGTERM, however fast the machine is.
        try Poll.until("the first bytes of the transfer") {
            ((try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0) > 0
        }
        kill(client, SIGSTOP)
        defer { kill(client, SIGCONT) }
        try Poll.until("curl to be stopped") { Self.state(of: client) == "T" }
        let serve = try #require(harness.serve)
        #expect(try serve.terminate() == 0, "\(serve.log)")
        #expect(serve.log.contains("TFTP server stopped"), "\(serve.log)")
        // Let go, curl finds the server's ERROR waiting.
        kill(client, SIGCONT)
        let clientStatus = Spawn.wait(client)
        // The server tells the client (an ERROR packet), so curl stops at once instead of timing out (exit 28).
        #expect(clientStatus != 0, "the transfer cannot have completed")
        #expect(clientStatus != 28, "curl was left to time out")
    }

    /// The state letter of `pid` in /proc (R, S, T for stopped, Z); nil once it is gone.
    static func state(of pid: pid_t) -> Substring? {
        let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        return stat?.split(separator: ")").last?.split(separator: " ").first
    }

    static func peakResidentMiB(of serve: ServeProcess) throws -> Int {
        // The serve process runs under `ip netns exec`, which execs it: the PID is the server's.
        let status = try String(contentsOfFile: "/proc/\(serve.pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        let kilobytes = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        return kilobytes / 1024
    }
}
