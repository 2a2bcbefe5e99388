import Foundation
import Testing
import TestSupport

/// A client segment for `kiwi-ltsp serve` with DHCP: three namespaces, so nothing touches the host's network.
///
/// - SERVER: `srv0` with the server address (DHCP_IFACES=srv0); `kiwi-ltsp serve` runs here.
/// - CLIENT: a bridge `br0` (the clients' interface) holding the other end of `srv0` and, with `peer`, of `peer0`.
/// - PEER (optional): `peer0` at `.2` for another DHCP server (dnsmasq) on the same segment.
///
/// The bridge lets three parties share one Ethernet segment; a client on `br0` sends with raw sockets (udhcpc,
/// dhclient) or with the broadcast flag (``DHCPRawClient``), exactly as on a real network.
final class DHCPServeNetwork {
    let server: DHCPNamespace
    let client: DHCPNamespace
    let peer: DHCPNamespace?
    let root: ScratchRoot
    let scratch: String
    let clientInterface = "br0"
    private(set) var serve: DHCPServeProcess?
    private var background: [Process] = []

    /// Full mode on 192.168.67.0/24, range .20–.30, NAT on, DNS and domain; `settings` override or add keys.
    static func settings(_ overrides: [String: String] = [:]) -> [String: String] {
        [
            "DHCP_IFACES": "srv0", "SERVER_IP": "192.168.67.1", "DHCP_MODE": "full",
            "DHCP_RANGE": "192.168.67.20,192.168.67.30,1h", "NAT": "yes", "DNS_SERVERS": "192.168.67.1",
            "DOMAIN": "lab.test",
        ].merging(overrides) { $1 }
    }

    init(
        _ label: String, settings: [String: String] = DHCPServeNetwork.settings(),
        serverCIDR: String = "192.168.67.1/24",
        peerCIDR: String? = nil
    ) throws {
        server = try DHCPNamespace(prefix: "kds")
        client = try DHCPNamespace(prefix: "kdc")
        peer = try peerCIDR.map { _ in try DHCPNamespace(prefix: "kdp") }
        root = try ScratchRoot(label, settings: settings)
        scratch = try BuiltProducts.scratchDirectory("\(label)-clients")
        try Self.exec(client, ["ip", "link", "add", "br0", "type", "bridge"])
        try Self.exec(client, ["ip", "link", "set", "br0", "address", "52:54:00:67:10:01"])
        try Self.exec(
            client,
            [
                "ip", "link", "add", "to-srv", "type", "veth", "peer", "name", "srv0",
                "netns", server.name,
            ])
        try Self.exec(client, ["ip", "link", "set", "to-srv", "master", "br0", "up"])
        try Self.exec(server, ["ip", "addr", "add", serverCIDR, "dev", "srv0"])
        try Self.exec(server, ["ip", "link", "set", "srv0", "up"])
        if let peer, let peerCIDR {
            try Self.exec(
                client,
                [
                    "ip", "link", "add", "to-peer", "type", "veth", "peer", "name", "peer0",
                    "netns", peer.name,
                ])
            try Self.exec(client, ["ip", "link", "set", "to-peer", "master", "br0", "up"])
            try Self.exec(peer, ["ip", "addr", "add", peerCIDR, "dev", "peer0"])
            try Self.exec(peer, ["ip", "link", "set", "peer0", "up"])
        }
        try Self.exec(client, ["ip", "link", "set", "br0", "up"])
    }

    deinit {
        stopBackground()
        serve?.stop(signal: SIGTERM)
        root.remove()
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// Starts `kiwi-ltsp serve --only dhcp` in SERVER and waits until the DHCP sockets are bound.
    func start(_ extra: [String] = []) throws {
        serve = try DHCPServeProcess(
            arguments: ["--only", "dhcp", "--root", root.path] + extra, namespace: server,
            ready: "serving on srv0")
    }

    /// Kills serve with SIGKILL: no graceful shutdown, no last journal write.
    func killServe() {
        serve?.stop(signal: SIGKILL)
    }

    /// The serve log of the current (or last) process.
    var log: String { serve?.log ?? "" }

    /// Log lines mentioning `text`.
    func logLines(containing text: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.contains(text) }
    }

    /// Sets the MAC the CLIENT's interface sends from.
    func setClientMAC(_ mac: String) throws {
        try Self.exec(client, ["ip", "link", "set", clientInterface, "address", mac])
    }

    /// Runs `arguments` in CLIENT and waits.
    @discardableResult
    func inClient(_ arguments: [String]) throws -> DHCPCommandResult {
        try Self.exec(client, arguments, check: false)
    }

    /// Runs `arguments` in `namespace` (nil: here) and waits, like `NetworkNamespace.exec` but without
    /// `Process.waitUntilExit`: in this test process SIGCHLD can reach a thread that ignores it, and Foundation then
    /// never sees the child end. Output goes to files; the end is seen in /proc (a zombie is done), and so is the
    /// status.
    @discardableResult
    static func exec(
        _ namespace: DHCPNamespace?, _ arguments: [String], check: Bool = true,
        timeout: TimeInterval = 60
    ) throws -> DHCPCommandResult {
        let base = "/tmp/kiwi-ltsp-dhcp-exec-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        defer { for suffix in [".out", ".err"] { try? FileManager.default.removeItem(atPath: base + suffix) } }
        let process = Process()
        if let namespace {
            process.executableURL = URL(fileURLWithPath: RequiredTool.path("ip") ?? "/usr/sbin/ip")
            process.arguments = ["netns", "exec", namespace.name] + withSignals(arguments)
        } else {
            process.executableURL = URL(fileURLWithPath: RequiredTool.path(arguments[0]) ?? arguments[0])
            process.arguments = Array(arguments.dropFirst())
        }
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try out.close()
        try err.close()
        try waitFor(arguments.joined(separator: " "), timeout: timeout) { hasExited(process) }
        let status = exitStatus(process)
        let result = DHCPCommandResult(
            status: status, stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
        if check && status != 0 {
            throw TestFailure(
                "`\(arguments.joined(separator: " "))` in \(namespace?.name ?? "the host") exited \(status): "
                    + result.stderr)
        }
        return result
    }

    /// The test process hands its blocked-signal mask to children, so udhcpc would never see SIGUSR1 and daemons
    /// (dhclient, dnsmasq) never SIGTERM: run them through a shim that clears the mask and execs the program.
    static func withSignals(_ arguments: [String]) -> [String] {
        [
            "python3", "-c",
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execvp(sys.argv[1], sys.argv[1:])",
        ]
            + arguments
    }

    /// Starts `arguments` inside `namespace` without waiting; stopped (SIGTERM) when the network goes away.
    func startBackground(_ arguments: [String], in namespace: DHCPNamespace, output: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RequiredTool.path("ip") ?? "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace.name] + Self.withSignals(arguments)
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        background.append(process)
        return process
    }

    /// Runs `arguments` in `namespace` with output to a file and waits for it to exit; for programs that leave a
    /// daemon behind (dhclient), which would hold a pipe open and make `Command.run` wait forever.
    @discardableResult
    func runToFile(
        _ arguments: [String], in namespace: DHCPNamespace, output: String,
        timeout: TimeInterval = 30
    ) throws -> String {
        let process = try startBackground(arguments, in: namespace, output: output)
        try waitFor("\(arguments.first ?? "") to exit", timeout: timeout) { hasExited(process) }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    func stopBackground() {
        for process in background where !hasExited(process) {
            kill(process.processIdentifier, SIGTERM)
            try? waitFor("\(process.arguments?.dropFirst(3).first ?? "") to stop", timeout: 5) { hasExited(process) }
            if !hasExited(process) { kill(process.processIdentifier, SIGKILL) }
        }
        background = []
    }

    /// dnsmasq (no DNS, no ping check, leases in memory) as another DHCP server in PEER, handing out .100–.150.
    func startPeerDnsmasq() throws {
        guard let peer else { throw TestFailure("this network has no peer namespace") }
        let output = scratch + "/dnsmasq.log"
        _ = try startBackground(
            [
                "dnsmasq", "-k", "--port=0", "--dhcp-range=192.168.67.100,192.168.67.150,12h", "--interface=peer0",
                "--bind-interfaces", "--dhcp-authoritative", "--no-ping", "--user=root", "--pid-file=",
                "--conf-file=/dev/null", "--leasefile-ro", "--log-dhcp", "--log-facility=-",
            ],
            in: peer, output: output)
        try waitFor("dnsmasq to start", timeout: 10) {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("DHCP, IP range")
        }
    }

    /// The raw client, written once into the scratch directory.
    lazy var rawClientPath: String = (try? DHCPRawClient.write(to: scratch)) ?? ""

    /// Runs the raw client in CLIENT; one decoded JSON object per output line.
    func raw(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try Self.exec(client, ["python3", rawClientPath] + arguments, check: false)
        guard result.succeeded else { throw TestFailure("raw client \(arguments): \(result.stderr)") }
        return result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// ``DHCPHookScript`` in this network's scratch directory.
    func hookScript(configure: Bool) throws -> String {
        try DHCPHookScript.write(configure: configure, in: scratch)
    }

    /// Skips outside CI, fails in CI, when a tool is missing; also needs the built binary.
    static func requireTools(_ names: [String]) throws {
        try ServeHarness.requireTools(names)
    }
}

/// A network namespace for one test, made and removed without `Process.waitUntilExit` (see ``DHCPServeNetwork/exec``).
final class DHCPNamespace {
    let name: String

    init(prefix: String) throws {
        name = "\(prefix)-\(getpid())-\(UInt32.random(in: 0..<100_000))"
        try DHCPServeNetwork.exec(nil, ["ip", "netns", "add", name])
        try DHCPServeNetwork.exec(self, ["ip", "link", "set", "lo", "up"])
    }

    deinit { _ = try? DHCPServeNetwork.exec(nil, ["ip", "netns", "delete", name], check: false) }
}

/// `kiwi-ltsp serve` in a namespace with its output in a log file; like TestSupport's `ServeProcess`, but it never
/// waits in `Process.waitUntilExit` (see ``DHCPServeNetwork/exec``), and it can be killed with SIGKILL.
final class DHCPServeProcess {
    let process = Process()
    let logPath: String

    init(arguments: [String], namespace: DHCPNamespace, ready: String, timeout: TimeInterval = 30) throws {
        logPath = "/tmp/kiwi-ltsp-serve-\(getpid())-\(UInt32.random(in: 0..<1_000_000)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: RequiredTool.path("ip") ?? "/usr/sbin/ip")
        process.arguments =
            ["netns", "exec", namespace.name, BuiltProducts.executable("kiwi-ltsp"), "serve"]
            + arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
        let deadline = Date().addingTimeInterval(timeout)
        while !self.log.contains(ready) {
            guard !hasExited(process) else { throw TestFailure("serve exited (\(exitStatus(process))): \(self.log)") }
            guard Date() < deadline else {
                throw TestFailure("no '\(ready)' in the serve log after \(timeout) s: \(self.log)")
            }
            usleep(20_000)
        }
    }

    deinit {
        stop(signal: SIGTERM)
        try? FileManager.default.removeItem(atPath: logPath)
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    var isRunning: Bool { !hasExited(process) }

    /// Sends `signal` and waits (up to 20 s) until the process has ended.
    func stop(signal: Int32) {
        guard !hasExited(process) else { return }
        kill(process.processIdentifier, signal)
        try? waitFor("serve to stop", timeout: 20) { hasExited(process) }
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
func waitFor(_ what: String, timeout: TimeInterval, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw TestFailure("timed out after \(timeout) s waiting for \(what)") }
        usleep(20_000)
    }
}

/// `key=value` from a hook script's output line, e.g. `field("ip", of: line)`.
func field(_ key: String, of line: Substring) -> String? {
    for word in line.split(separator: " ") where word.hasPrefix(key + "=") {
        return String(word.dropFirst(key.count + 1))
    }
    return nil
}

/// True once `process` has ended. A zombie counts: Foundation reaps children late in the test process.
func hasExited(_ process: Process) -> Bool {
    guard process.isRunning,
        let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
    else { return true }
    return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
}

/// The exit status of an ended `process`: Foundation's when it noticed, else the zombie's from /proc.
func exitStatus(_ process: Process) -> Int32 {
    if !process.isRunning { return process.terminationStatus }
    guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8) else {
        // Reaped by Foundation just now: its status follows.
        for _ in 0..<100 where process.isRunning { usleep(10_000) }
        return process.isRunning ? -1 : process.terminationStatus
    }
    guard let word = stat.split(separator: " ").last,
        let last = Int32(word.trimmingCharacters(in: .whitespacesAndNewlines))
    else { return -1 }
    // proc(5) exit_code: the status in waitpid(2) form.
    return (last & 0x7f) == 0 ? (last >> 8) & 0xff : 128 + (last & 0x7f)
}

/// What ``DHCPServeNetwork/exec(_:_:check:timeout:)`` saw.
struct DHCPCommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var succeeded: Bool { status == 0 }
}
