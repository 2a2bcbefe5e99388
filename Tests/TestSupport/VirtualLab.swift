import Foundation

/// Two network namespaces joined by a veth pair, like a server and its client network: the server end `vs0`
/// with `serverAddress`, the client end `vc0` on a bridge `br0` in the client namespace together with a tap
/// device `tap0` for a virtual machine. Removed on deinit.
public final class VirtualLab: @unchecked Sendable {
    public let server: NetworkNamespace
    public let client: NetworkNamespace
    public let serverInterface = "vs0"
    public let tap = "tap0"

    public init(serverAddress: String = "192.168.67.1/24") throws {
        server = try NetworkNamespace(prefix: "klab-s")
        client = try NetworkNamespace(prefix: "klab-c")
        try NetworkNamespace.ip([
            "link", "add", "vs0", "netns", server.name, "type", "veth",
            "peer", "name", "vc0", "netns", client.name,
        ])
        try server.exec(["ip", "addr", "add", serverAddress, "dev", "vs0"])
        try server.exec(["ip", "link", "set", "vs0", "up"])
        try client.exec(["ip", "link", "add", "br0", "type", "bridge"])
        try client.exec(["ip", "link", "set", "vc0", "master", "br0"])
        try client.exec(["ip", "tuntap", "add", "dev", tap, "mode", "tap"])
        try client.exec(["ip", "link", "set", tap, "master", "br0"])
        for device in ["vc0", tap, "br0"] { try client.exec(["ip", "link", "set", device, "up"]) }
    }
}
