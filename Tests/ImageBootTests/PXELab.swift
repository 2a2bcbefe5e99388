import Foundation
import Testing
import TestSupport

/// A server root made by the real `kiwi-ltsp configure` (boot loaders, menus, lts.conf) with the test image's
/// files linked in, `kiwi-ltsp serve` in the lab's server namespace, and a qemu client that boots from the network
/// (`-boot n`: Debian's iPXE ROM for the e1000 card).
final class PXELab {
    static let mac = "52:54:00:12:34:56"
    /// The 32-bit client's, beside `mac`'s 64-bit one.
    static let i386MAC = "52:54:00:12:34:32"
    let lab: VirtualLab
    let root: ScratchRoot
    private(set) var serve: ServeProcess?
    private(set) var vm: VirtualMachine?

    static func settings(_ overrides: [String: String]) -> [String: String] {
        [
            "SERVER_IP": "192.168.67.1", "DHCP_IFACES": "vs0", "DHCP_MODE": "full", "NAT": "no",
            "DNS_SERVERS": "192.168.67.1", "ROOT_TYPE": "nbd", "KERNEL_OPTIONS": "console=ttyS0",
        ].merging(overrides) { $1 }
    }

    /// `clientSettings` are lts.conf lines added to the client's section.
    init(_ label: String, image: TestImage.Built, settings: [String: String], clientSettings: [String] = []) throws {
        lab = try VirtualLab()
        root = try ScratchRoot(label, settings: Self.settings(settings))
        // configure reads the interfaces: it runs where vs0 is.
        let configure = try lab.server.exec(
            [BuiltProducts.executable("kiwi-ltsp"), "configure", "--root", root.path, "--no-commands"], check: false)
        try #require(configure.succeeded, "configure: \(configure.stdout) \(configure.stderr)")
        try FileManager.default.createDirectory(atPath: root.path + "/srv/kiwi-ltsp", withIntermediateDirectories: true)
        try FileManager.default.linkItem(atPath: image.image, toPath: root.path + "/srv/kiwi-ltsp/amd64.img")
        for name in ["linux-ltsp", "initrd-ltsp"] {
            try FileManager.default.linkItem(
                atPath: image.root + "/srv/tftpboot/KIWI/" + name,
                toPath: root.tftpRoot + "/KIWI/" + name)
        }
        try """
        [default]
            SOUND = False
        [\(Self.mac)]
            HOSTNAME = pxeclient
            X_COLOR_DEPTH = 16
        \(clientSettings.map { "    \($0)\n" }.joined())
        """.write(toFile: root.tftpRoot + "/KIWI/lts.conf", atomically: true, encoding: .utf8)
    }

    deinit {
        vm?.stop()
        root.remove()
    }

    /// Serves `image` (built for another architecture than amd64; the lab's settings list it in EXTRA_ARCHES) beside
    /// the amd64 one: its squashfs as `<arch>.img`, its kernel and initrd in KIWI/<arch>/.
    func addArch(_ image: TestImage.Built) throws {
        let files = FileManager.default
        try files.linkItem(atPath: image.image, toPath: root.path + "/srv/kiwi-ltsp/\(image.arch).img")
        try files.createDirectory(atPath: root.tftpRoot + "/KIWI/\(image.arch)", withIntermediateDirectories: true)
        for (source, name) in [(image.kernel, "linux-ltsp"), (image.initrd, "initrd-ltsp")] {
            try files.linkItem(atPath: source, toPath: root.tftpRoot + "/KIWI/\(image.arch)/" + name)
        }
    }

    /// A second tap device on the client bridge, for a second machine.
    func addTap(_ name: String) throws {
        try lab.client.exec(["ip", "tuntap", "add", "dev", name, "mode", "tap"])
        try lab.client.exec(["ip", "link", "set", name, "master", "br0"])
        try lab.client.exec(["ip", "link", "set", name, "up"])
    }

    /// Powers on a 32-bit client (qemu-system-i386, a Pentium III, which has no long mode) with `mac` on `tap`.
    func bootI386Client(mac: String, tap: String, memoryMiB: Int = 512) throws -> VirtualMachine {
        try VirtualMachine(
            namespace: lab.client, memoryMiB: memoryMiB, system: "qemu-system-i386",
            machine: [
                "-cpu", "pentium3", "-boot", "n", "-netdev", "tap,id=net0,ifname=\(tap),script=no,downscript=no",
                "-device", "e1000,netdev=net0,mac=\(mac)",
            ])
    }

    /// `kiwi-ltsp serve` in the server namespace; `only` limits the services (`dhcp,tftp,nbd`); `ready` is the root
    /// service's line.
    func startServe(only: String? = nil, ready: String = "NBD listening") throws {
        let serve = try ServeProcess(
            arguments: ["--root", root.path] + (only.map { ["--only", $0] } ?? []),
            namespace: lab.server, ready: ready)
        try serve.waitForLog("TFTP listening")
        try serve.waitForLog("DHCP (")
        self.serve = serve
    }

    /// A dnsmasq in the server namespace that hands out 192.168.67.100-150 and nothing else (for proxy mode);
    /// a missing dnsmasq skips the test.
    func startForeignDHCP() throws -> BackgroundProcess {
        try RequiredTool.require(["dnsmasq"])
        let dnsmasq = try BackgroundProcess(
            [
                "ip", "netns", "exec", lab.server.name, "dnsmasq", "-k", "--port=0",
                "--dhcp-range=192.168.67.100,192.168.67.150,12h", "--interface=vs0", "--bind-interfaces",
                "--dhcp-authoritative", "--no-ping", "--user=root", "--pid-file=", "--conf-file=/dev/null",
                "--leasefile-ro", "--log-dhcp", "--log-facility=-",
            ])
        try dnsmasq.waitForLog("DHCP, IP range 192.168.67.100")
        return dnsmasq
    }

    /// Powers on the client: firmware PXE (iPXE ROM) on the tap device.
    func bootClient(memoryMiB: Int = 768, devices: [String] = []) throws -> VirtualMachine {
        let vm = try VirtualMachine(
            namespace: lab.client, memoryMiB: memoryMiB,
            machine: [
                "-boot", "n", "-netdev", "tap,id=net0,ifname=\(lab.tap),script=no,downscript=no",
                "-device", "e1000,netdev=net0,mac=\(Self.mac)",
            ] + devices)
        self.vm = vm
        return vm
    }

    /// The ready line's fields: hostname, address, variable count.
    func waitForReady(_ vm: VirtualMachine) throws -> (hostname: String, address: String) {
        let line = try vm.waitForLine(matching: #"ltsp-client: ready "#, timeout: 600)
        // The thin image's console has journald's prefix (`[ 19.2] ltsp-client[249]: `) before the line, and a
        // kernel message can follow on the same console line (`... 10 variables[ 20.14] ata2.00: ...`).
        let match = try #require(line.firstMatch(of: #/ltsp-client: ready (\S+) (\S+) \d+ variables/#), "\(line)")
        return (String(match.1), String(match.2))
    }

    /// `kiwi-ltsp status --format json` against this server: the client's stage names.
    func statusStages() throws -> (json: String, stages: [String]) {
        let result = try lab.server.exec(
            [BuiltProducts.executable("kiwi-ltsp"), "status", "--format", "json", "--root", root.path], check: false)
        try #require(result.succeeded, "status: \(result.stdout) \(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        var stages: [String] = []
        func collect(_ value: Any) {
            if let dictionary = value as? [String: Any] {
                if let stage = dictionary["stage"] as? String { stages.append(stage) }
                dictionary.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        return (result.stdout, stages)
    }
}
