import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp serve` (DHCP, TFTP and NBD) in a SERVER namespace and one client machine in a CLIENT namespace,
/// joined by a veth pair: `srv0` (192.168.67.1/24) and `cli0` with the MAC ``mac``. Everything runs through
/// TestSupport's Spawn-based helpers (no Foundation `Process`).
final class ServeStatusLab {
    static let mac = "52:54:00:12:34:56"
    static let server = "192.168.67.1"
    static let imageSize = 8 * 1024 * 1024
    static let tools = ["udhcpc", "tftp", "nbdinfo", "nbdcopy", "sha256sum"]

    /// The DHCP tests' settings, without NAT.
    static func settings(_ overrides: [String: String] = [:]) -> [String: String] {
        DHCPServeNetwork.settings(["NAT": "no"].merging(overrides) { $1 })
    }

    let serverNamespace: NetworkNamespace
    let clientNamespace: NetworkNamespace
    let root: ScratchRoot
    let image: String
    private(set) var serve: ServeProcess?

    init(_ label: String, settings: [String: String] = ServeStatusLab.settings()) throws {
        serverNamespace = try NetworkNamespace(prefix: "kss")
        clientNamespace = try NetworkNamespace(prefix: "ksc")
        root = try ScratchRoot(label, settings: settings)
        try serverNamespace.exec([
            "ip", "link", "add", "srv0", "type", "veth", "peer", "name", "cli0",
            "netns", clientNamespace.name,
        ])
        try serverNamespace.exec(["ip", "addr", "add", "\(Self.server)/24", "dev", "srv0"])
        try serverNamespace.exec(["ip", "link", "set", "srv0", "up"])
        try clientNamespace.exec(["ip", "link", "set", "cli0", "address", Self.mac])
        try clientNamespace.exec(["ip", "link", "set", "cli0", "up"])
        try FileManager.default.createDirectory(atPath: root.path + "/srv/kiwi-ltsp", withIntermediateDirectories: true)
        image = root.path + "/srv/kiwi-ltsp/amd64.img"
        try ScratchRoot.writePattern(to: image, size: Self.imageSize, seed: 7)
        try "[default]\nSOUND = True\n".write(
            toFile: root.tftpRoot + "/KIWI/lts.conf", atomically: true,
            encoding: .utf8)
    }

    deinit {
        if let serve, serve.isRunning { _ = try? serve.terminate() }
        root.remove()
    }

    var configFile: String { root.path + "/etc/sysconfig/kiwi-ltsp" }
    var socketPath: String { root.path + "/run/kiwi-ltsp/serve.sock" }
    var log: String { serve?.log ?? "" }

    /// Starts serve with every service and waits until DHCP, TFTP, NBD and the status socket are up.
    func start() throws {
        let serve = try ServeProcess(
            arguments: ["--root", root.path], namespace: serverNamespace,
            ready: "NBD listening")
        self.serve = serve
        for ready in ["serving on srv0", "TFTP listening", "status socket"] { try serve.waitForLog(ready) }
    }

    /// One DORA as a BIOS PXE client; the hook's `event=bound` line. Patient (3 s per try): an ACK waits for the
    /// lease journal's fdatasync, which a machine busy with other disk writes can make slow.
    func udhcpc(configure: Bool) throws -> Substring {
        let result = try clientNamespace.exec(
            [
                "udhcpc", "-i", "cli0", "-n", "-q", "-f", "-t", "5", "-T", "3", "-s",
                try DHCPHookScript.write(configure: configure, in: root.path),
                "-V", "PXEClient:Arch:00000:UNDI:002001",
            ], check: false)
        guard let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix("event=bound") }) else {
            throw TestFailure("udhcpc did not bind: \(result.stdout) \(result.stderr)\n\(log)")
        }
        return line
    }

    /// `kiwi-ltsp status ARGUMENTS --root ROOT`, from the host (the socket is a file, no namespace needed).
    func status(_ arguments: [String] = []) throws -> CommandResult {
        try Command.run([BuiltProducts.executable("kiwi-ltsp"), "status", "--root", root.path] + arguments)
    }

    /// `status --format json`, decoded, polled until `condition` holds: the servers report a transfer when its
    /// last ACK arrives, which may be after the client has exited.
    func statusJSON(until condition: ([String: Any]) -> Bool, what: String) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let result = try status(["--format", "json"])
            if result.succeeded,
                let document = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                condition(document)
            {
                return document
            }
            guard Date() < deadline else {
                throw TestFailure("status never showed \(what): \(result.stdout)\(result.stderr)\n\(log)")
            }
            usleep(100_000)
        }
    }

    /// The client record keyed `key` in a status document.
    static func client(_ key: String, in document: [String: Any]) -> [String: Any]? {
        (document["clients"] as? [[String: Any]])?.first { $0["client"] as? String == key }
    }

    static func events(_ client: [String: Any]?) -> [[String: Any]] {
        client?["events"] as? [[String: Any]] ?? []
    }

    static func stages(_ client: [String: Any]?) -> [String] {
        client?["stages"] as? [String] ?? []
    }

    /// Rewrites the configuration file with `settings` and sends serve SIGHUP.
    func reload(_ settings: [String: String]) throws {
        let text = settings.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"\n" }.joined()
        try text.write(toFile: configFile, atomically: true, encoding: .utf8)
        try hangUp()
    }

    func hangUp() throws {
        guard let serve else { throw TestFailure("serve is not running") }
        kill(serve.pid, SIGHUP)
    }
}
