import Foundation
import NBD
import Testing
import TestSupport

/// Opt-in loopback benchmark (`KIWI_NBD_BENCH=1`, best with `-c release`): our server against nbdkit and
/// nbd-server on the same 1 GiB file, with nbdcopy (default connections and one) and qemu-img convert.
@Suite struct NBDServerBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KIWI_NBD_BENCH"] == "1"))
    func loopbackThroughput() async throws {
        guard toolsAvailable(["nbdcopy", "qemu-img", "nbdkit", "nbd-server"]) else { return }
        let image = try TestImage("bench")
        defer { image.remove() }
        let size = 1 << 30
        let path = try image.write("amd64.img", size: size)
        _ = try Command.run(["dd", "if=\(path)", "of=/dev/null", "bs=1M"])
        let server = try await NBDTestServer(exports: [NBDExportDefinition(name: "amd64", path: path)])
        self.measure("kiwi-ltsp", uri: server.uri("amd64"), size: size)
        await server.stop()

        let nbdkitPort = 20_000 + Int.random(in: 0..<10_000)
        let nbdkit = try BackgroundProcess(["nbdkit", "-f", "--port=\(nbdkitPort)", "file", path])
        try await Task.sleep(for: .milliseconds(500))
        self.measure("nbdkit", uri: "nbd://127.0.0.1:\(nbdkitPort)/", size: size)
        nbdkit.stop()

        let nbdServerPort = 20_000 + Int.random(in: 0..<10_000)
        let config = """
            [generic]
            port = \(nbdServerPort)
            [amd64]
            exportname = \(path)
            readonly = true
            """
        try config.write(toFile: image.path("nbd-server.conf"), atomically: true, encoding: .utf8)
        let nbdServer = try BackgroundProcess(["nbd-server", "-C", image.path("nbd-server.conf"), "-d"])
        try await Task.sleep(for: .milliseconds(500))
        // `-d` serves one session and exits: measure nbdcopy with one connection only.
        self.measure("nbd-server", uri: "nbd://127.0.0.1:\(nbdServerPort)/amd64", size: size, only: "nbdcopy -C1")
        nbdServer.stop()
    }

    private func measure(_ label: String, uri: String, size: Int, only: String? = nil) {
        let runs: [(String, [String])] = [
            ("nbdcopy", ["nbdcopy", uri, "null:"]),
            ("nbdcopy -C1", ["nbdcopy", "--connections=1", uri, "null:"]),
            ("qemu-img convert", ["qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", uri, "null-co://"]),
        ]
        for (name, arguments) in runs where only == nil || only == name {
            var seconds: [Double] = []
            for _ in 0..<(only == nil ? 3 : 1) {
                let start = ContinuousClock.now
                let result = try? Command.run(arguments)
                let elapsed = ContinuousClock.now - start
                guard result?.succeeded == true else {
                    Self.report("bench \(label) \(name): failed \(result?.stderr ?? "")")
                    break
                }
                seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            guard let median = seconds.sorted().dropFirst(seconds.count / 2).first else { continue }
            let rate = Double(size) / median / Double(1 << 30)
            Self.report("bench \(label) \(name): \(String(format: "%.2f", rate)) GiB/s (median of \(seconds.count))")
        }
    }

    private static func report(_ line: String) {
        // swift test holds the test process's output until it exits; the lines also go to a file to watch.
        FileHandle.standardError.write(Data((line + "\n").utf8))
        if let file = FileHandle(forWritingAtPath: "/tmp/kiwi-nbd-bench.txt") ?? {
            FileManager.default.createFile(atPath: "/tmp/kiwi-nbd-bench.txt", contents: nil)
            return FileHandle(forWritingAtPath: "/tmp/kiwi-nbd-bench.txt")
        }() {
            file.seekToEndOfFile()
            file.write(Data((line + "\n").utf8))
            try? file.close()
        }
    }
}
