import Foundation
import Testing
import TestSupport

/// Runs the real `kiwi-ltsp` binary inside a network namespace that has only the interfaces the test creates.
@Suite(.serialized)
struct ConfigCommandsIntegrationTests {
    let binary = BuiltProducts.executable("kiwi-ltsp")

    func requireTools() throws {
        try RequiredTool.require(["ip"])
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build kiwi-ltsp first: \(binary)")
    }

    @Test func derivesServerAddressAndRangeFromARealInterface() throws {
        try requireTools()
        let namespace = try NetworkNamespace()
        try namespace.addVethPair("lab0", "lab0p", address: "192.168.67.1/24")
        let root = try BuiltProducts.scratchDirectory("derive")
        defer { try? FileManager.default.removeItem(atPath: root) }

        try namespace.exec([binary, "config", "init", "--root", root])
        let check = try namespace.exec([binary, "config", "check", "--root", root], check: false)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\(root)/etc/sysconfig/kiwi-ltsp: valid"))

        let show = try namespace.exec([binary, "config", "show", "--format", "json", "--root", root])
        let document = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        let variables = try #require(document?["variables"] as? [[String: String]])
        func row(_ name: String) -> [String: String]? { variables.first { $0["name"] == name } }
        #expect(row("DHCP_IFACES")?["value"] == "lab0")
        #expect(row("SERVER_IP")?["value"] == "192.168.67.1")
        #expect(row("SERVER_IP")?["source"] == "derived: address of lab0 (192.168.67.1/24)")
        #expect(row("DHCP_RANGE")?["value"] == "192.168.67.20,192.168.67.250,12h")
        let written = try String(contentsOfFile: "\(root)/etc/sysconfig/kiwi-ltsp", encoding: .utf8)
        let modeLine =
            try #require(
                written.split(separator: "\n", omittingEmptySubsequences: false)
                    .firstIndex { $0.hasPrefix("DHCP_MODE=") }) + 1
        #expect(row("DHCP_MODE")?["source"] == "\(root)/etc/sysconfig/kiwi-ltsp:\(modeLine)")

        let table = try namespace.exec([binary, "config", "show", "--root", root])
        #expect(
            table.stdout.split(separator: "\n").contains {
                $0.hasPrefix("SERVER_IP") && $0.contains("192.168.67.1")
                    && $0.hasSuffix("derived: address of lab0 (192.168.67.1/24)")
            }, "\(table.stdout)")
    }

    @Test func checkListsEveryProblemWithFileAndLineAndExitsOne() throws {
        try requireTools()
        let namespace = try NetworkNamespace()
        try namespace.addVethPair("lab0", "lab0p", address: "10.9.0.1/24")
        let root = try BuiltProducts.scratchDirectory("check")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = "\(root)/etc/sysconfig/kiwi-ltsp"
        try FileManager.default.createDirectory(atPath: "\(root)/etc/sysconfig", withIntermediateDirectories: true)
        try "DHCP_MODE=\"fulll\"\nTFTP_PORT=0\nDHCP_RANG=\"x\"\nSERVER_IP = 1\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let check = try namespace.exec([binary, "config", "check", "--root", root], check: false)
        #expect(check.status == 1)
        #expect(
            check.stdout.split(separator: "\n").map(String.init) == [
                "\(file):4: no spaces are allowed around '=' in 'SERVER_IP': write SERVER_IP=\"value\"",
                "\(file):1: DHCP_MODE=\"fulll\": use one of full, proxy, off",
                "\(file):2: TFTP_PORT=\"0\": use a whole number from 1 to 65535",
                "\(file):3: warning: unknown variable DHCP_RANG; did you mean DHCP_RANGE?",
                "\(file): warning: DNS_SERVERS is empty and resolv.conf names no usable server; clients get no DNS",
                "\(file): warning: NAT=yes but there is no default route; set NAT_IFACE to the uplink",
            ])
    }

    @Test func initNeverOverwritesWithoutForceAndKeepsTheOldFile() throws {
        try requireTools()
        let root = try BuiltProducts.scratchDirectory("init")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = "\(root)/etc/sysconfig/kiwi-ltsp"
        try Command.run([binary, "config", "init", "--root", root])
        try "ARCH=i386\n".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try Command.run([binary, "config", "init", "--root", root])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(file) exists; use --force"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "ARCH=i386\n")
        let forced = try Command.run([binary, "config", "init", "--force", "--root", root])
        #expect(forced.succeeded)
        #expect(try String(contentsOfFile: file + ".old", encoding: .utf8) == "ARCH=i386\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("## Type:        list(full,proxy,off)"))
    }

    @Test func configOptionIsTakenUnderTheRoot() throws {
        try requireTools()
        let namespace = try NetworkNamespace()
        try namespace.addVethPair("lab0", "lab0p", address: "172.16.5.1/16")
        let root = try BuiltProducts.scratchDirectory("configpath")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/opt", withIntermediateDirectories: true)
        try "ARCH=arm64\n".write(toFile: "\(root)/opt/lab.conf", atomically: true, encoding: .utf8)
        let show = try namespace.exec([
            binary, "config", "show", "--format", "shell", "--root", root,
            "--config", "/opt/lab.conf",
        ])
        #expect(show.stdout.contains("ARCH=\"arm64\"  # \(root)/opt/lab.conf:1\n"))
        #expect(show.stdout.contains("CHROOT_DIR=\"/srv/kiwi-ltsp-nfs-arm64\"  # derived: from ARCH\n"))
        #expect(show.stdout.contains("DHCP_RANGE=\"172.16.0.20,172.16.0.250,12h\""))
    }
}
