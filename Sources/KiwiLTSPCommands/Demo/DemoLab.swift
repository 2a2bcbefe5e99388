import Foundation
import Provisioning

/// The demo's network: a server namespace and a client namespace joined by a veth pair; the client side is a
/// bridge with the virtual machine's tap device on it. Everything is removed by `remove()` (deleting a namespace
/// deletes its devices).
struct DemoLab {
    let server: String
    let client: String
    static let serverAddress = "192.168.67.1"

    init(suffix: Int32 = getpid()) {
        server = "kiwi-demo-s-\(suffix)"
        client = "kiwi-demo-c-\(suffix)"
    }

    var setupCommands: [[String]] {
        [
            ["ip", "netns", "add", server], ["ip", "netns", "add", client],
            ["ip", "-n", server, "link", "set", "lo", "up"], ["ip", "-n", client, "link", "set", "lo", "up"],
            ["ip", "link", "add", "vs0", "netns", server, "type", "veth", "peer", "name", "vc0", "netns", client],
            ["ip", "-n", server, "addr", "add", "\(Self.serverAddress)/24", "dev", "vs0"],
            ["ip", "-n", server, "link", "set", "vs0", "up"],
            ["ip", "-n", client, "link", "add", "br0", "type", "bridge"],
            ["ip", "-n", client, "link", "set", "vc0", "master", "br0"],
            ["ip", "-n", client, "tuntap", "add", "dev", "tap0", "mode", "tap"],
            ["ip", "-n", client, "link", "set", "tap0", "master", "br0"],
            ["ip", "-n", client, "link", "set", "vc0", "up"], ["ip", "-n", client, "link", "set", "tap0", "up"],
            ["ip", "-n", client, "link", "set", "br0", "up"],
        ]
    }

    func create(runner: SystemProcessRunner) throws {
        for command in setupCommands {
            let outcome = try runner.run(CommandInvocation(command))
            guard outcome.status == 0 else {
                remove(runner: runner)
                throw CommandError("`\(command.joined(separator: " "))` failed: \(outcome.output)")
            }
        }
    }

    func remove(runner: SystemProcessRunner) {
        for name in [client, server] { _ = try? runner.run(CommandInvocation(["ip", "netns", "delete", name])) }
    }

    func inServer(_ arguments: [String]) -> [String] { ["ip", "netns", "exec", server] + arguments }
    func inClient(_ arguments: [String]) -> [String] { ["ip", "netns", "exec", client] + arguments }
}
