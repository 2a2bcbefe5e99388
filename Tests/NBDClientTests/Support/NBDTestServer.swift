import Foundation
import Testing
import TestSupport

/// A real NBD server in a fresh network namespace, serving a scratch image as the read-only export `amd64` on the
/// namespace's loopback, port 10809.
final class NBDTestServer {
    enum Kind: String, CaseIterable, CustomStringConvertible, Sendable {
        case kiwiLTSP = "kiwi-ltsp serve"
        case nbdServer = "nbd-server"

        var description: String { self.rawValue }
    }

    static let imageSize = 12 * 1024 * 1024
    static let port = 10809

    let namespace: NetworkNamespace
    let root: ScratchRoot
    let image: String
    private var serve: ServeProcess?
    private var pidFile: String?

    init(_ kind: Kind, listen: String = "127.0.0.1") throws {
        namespace = try NetworkNamespace(prefix: "kltsp-nbdc")
        root = try ScratchRoot("nbd-attach", settings: ScratchRoot.loopback)
        let directory = root.path + "/srv/kiwi-ltsp"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        image = directory + "/amd64.img"
        try ScratchRoot.writePattern(to: image, size: Self.imageSize, seed: 11)
        switch kind {
        case .kiwiLTSP:
            serve = try ServeProcess(
                arguments: ["--only", "nbd", "--root", root.path], namespace: namespace,
                ready: "NBD listening")
        case .nbdServer:
            // nbd-server 3.24 has no foreground mode that keeps serving: it daemonises and leaves its PID here.
            let config = root.path + "/nbd-server.conf"
            let pidFile = root.path + "/nbd-server.pid"
            let text =
                "[generic]\nuser = root\ngroup = root\nlistenaddr = \(listen)\nport = \(Self.port)\n\n"
                + "[amd64]\nexportname = \(image)\nreadonly = true\n"
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            try namespace.exec(["nbd-server", "-C", config, "-p", pidFile])
            self.pidFile = pidFile
            for _ in 0..<500 where !FileManager.default.fileExists(atPath: pidFile) { usleep(20_000) }
        }
    }

    deinit {
        if let pidFile, let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
        {
            kill(pid, SIGTERM)
            for _ in 0..<250 where kill(pid, 0) == 0 { usleep(20_000) }
        }
        serve = nil
        root.remove()
    }

    /// Runs the built `ltsp-nbd-attach` (of `arch`: amd64 or i386) inside the namespace.
    func attach(_ arguments: [String], arch: String = "amd64") throws -> CommandResult {
        let program = BuiltProducts.executable("ltsp-nbd-attach", arch: arch)
        try #require(FileManager.default.isExecutableFile(atPath: program), "build it first: \(program)")
        return try namespace.exec([program] + arguments, check: false)
    }

    /// Skips the test (fails it in a strict run) when a tool is missing; the binaries under test must be built.
    static func requireTools(_ kind: Kind?) throws {
        let tools = ["ip"] + (kind == .nbdServer ? ["nbd-server"] : [])
        try RequiredTool.require(tools)
        var binaries = [BuiltProducts.executable("ltsp-nbd-attach")]
        if kind == .kiwiLTSP { binaries.append(BuiltProducts.executable("kiwi-ltsp")) }
        for binary in binaries {
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build it first: \(binary)")
        }
    }
}
