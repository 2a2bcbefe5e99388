import Foundation
import Testing
import TestSupport

/// A server namespace and a thin-client namespace joined by a veth pair: 192.168.67.1 on the server end,
/// 192.168.67.20 with a fixed MAC on the client end, and a scratch root whose TFTP root holds lts.conf.
final class ClientNetwork {
    static let serverIP = "192.168.67.1"
    static let clientIP = "192.168.67.20"
    static let clientMAC = "52:54:00:67:00:20"
    static let bootIF = "BOOTIF=01-52-54-00-67-00-20"

    let server: NetworkNamespace
    let client: NetworkNamespace
    let root: ScratchRoot
    /// The client's `--root`.
    let clientRoot: String
    /// Whose ltsp-client runs: amd64 (`swift build`) or i386 (`scripts/build-clients-i386`).
    let arch: String
    private var serve: ServeProcess?

    init(_ label: String, arch: String = "amd64") throws {
        self.arch = arch
        let program = BuiltProducts.executable("ltsp-client", arch: arch)
        try #require(
            FileManager.default.isExecutableFile(atPath: program),
            "build it first (\(arch == "amd64" ? "swift build" : "scripts/build-clients-\(arch)")): \(program)")
        server = try NetworkNamespace(prefix: "kltsp-srv")
        client = try NetworkNamespace(prefix: "kltsp-cli")
        try server.addVethPair("ksrv0", "kcli0", address: "\(Self.serverIP)/24")
        try server.exec(["ip", "link", "set", "kcli0", "netns", client.name])
        try client.exec(["ip", "link", "set", "dev", "kcli0", "address", Self.clientMAC])
        try client.exec(["ip", "addr", "add", "\(Self.clientIP)/24", "dev", "kcli0"])
        try client.exec(["ip", "link", "set", "kcli0", "up"])
        root = try ScratchRoot(
            label,
            settings: [
                "DHCP_IFACES": "ksrv0", "SERVER_IP": Self.serverIP, "DHCP_MODE": "off", "NAT": "no",
                "DNS_SERVERS": "127.0.0.1",
            ])
        clientRoot = root.path + "/client"
    }

    deinit { root.remove() }

    /// `kiwi-ltsp serve --only tftp` in the server namespace.
    func startServe() throws {
        serve = try ServeProcess(
            arguments: ["--only", "tftp", "--root", root.path], namespace: server,
            ready: "TFTP listening")
    }

    func writeLTSConf(_ text: String, at relative: String = "KIWI/lts.conf") throws {
        let path = "\(root.tftpRoot)/\(relative)"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The built ltsp-client in the client namespace, with the test options and `commandLine` as /proc/cmdline.
    func runClient(
        _ commandLine: String, options: [String] = ["--no-hostname"],
        wrapper: [String] = []
    ) throws -> CommandResult {
        try client.exec(
            wrapper + [
                BuiltProducts.executable("ltsp-client", arch: arch), "--once", "--no-screens",
                "--root", clientRoot, "--cmdline", commandLine,
            ] + options, check: false)
    }

    /// Until something listens on UDP `port` in the server namespace (a daemon started in the background).
    func waitForUDPListener(port: Int) throws {
        for _ in 0..<250 {
            if try !server.exec(["ss", "-Hlun", "sport = :\(port)"]).stdout.isEmpty { return }
            usleep(20_000)
        }
        throw TestFailure("nothing listens on UDP port \(port) in \(server.name)")
    }

    var ltspConfig: String {
        (try? String(contentsOfFile: clientRoot + "/run/ltsp/ltsp_config", encoding: .utf8)) ?? "(none)"
    }

    /// Skips the test (fails it in a strict run) when a tool is missing; the built binaries must exist.
    static func requireTools(_ names: [String] = []) throws {
        try RequiredTool.require(names + ["ip"])
        for product in ["kiwi-ltsp", "ltsp-client"] {
            let binary = BuiltProducts.executable(product)
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build \(product) first: \(binary)")
        }
    }
}
