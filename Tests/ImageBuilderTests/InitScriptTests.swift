import Foundation
import ImageBuilder
import Testing
import TestSupport

/// initrd-ltsp's `/init` reads the kernel command lines `configure`'s menus and the boot loaders produce. The
/// script itself runs (busybox sh, as in the initrd) with `--print-config`.
@Suite(.serialized)
struct InitScriptTests {
    func parse(_ commandLine: String) throws -> [String: String] {
        try RequiredTool.require(["busybox"], needsRoot: false)
        let directory = try BuiltProducts.scratchDirectory("init")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try InitScript.text.write(toFile: directory + "/init", atomically: true, encoding: .utf8)
        let result = try Command.run(["busybox", "sh", directory + "/init", "--print-config", commandLine])
        try #require(result.succeeded, "\(result.stderr)")
        var values: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    @Test func nbdMenuEntryWithPXELinuxAppends() throws {
        let values = try parse(
            "initrd=KIWI/initrd-ltsp root=/dev/nbd0 nbdroot=192.168.67.1:10809/amd64 "
                + "ltsp.server=192.168.67.1 quiet ip=192.168.67.20:192.168.67.1:192.168.67.254:255.255.255.0 "
                + "BOOTIF=01-52-54-00-AB-CD-EF")
        #expect(values["ROOT_TYPE"] == "nbd")
        #expect(values["NBD_DEVICE"] == "/dev/nbd0")
        #expect(values["NBD_SERVER"] == "192.168.67.1")
        #expect(values["NBD_PORT"] == "10809")
        #expect(values["NBD_EXPORT"] == "amd64")
        #expect(values["SERVER"] == "192.168.67.1")
        #expect(values["MAC"] == "52:54:00:ab:cd:ef")
        #expect(values["IP_CLIENT"] == "192.168.67.20")
        #expect(values["IP_SERVER"] == "192.168.67.1")
        #expect(values["IP_GATEWAY"] == "192.168.67.254")
        #expect(values["IP_NETMASK"] == "255.255.255.0")
        #expect(values["INIT"] == "/sbin/init")
        #expect(values["OVERLAY_SIZE"] == "50%")
    }

    @Test(arguments: [
        ("BOOTIF=01:52:54:00:ab:cd:ef", "52:54:00:ab:cd:ef"),
        ("BOOTIF=52-54-00-AB-CD-EF", "52:54:00:ab:cd:ef"),
        ("BOOTIF=01-52-54", ""), ("", ""),
    ])
    func bootInterfaceMACInEveryLoaderSpelling(word: String, mac: String) throws {
        let values = try parse("root=/dev/nbd0 nbdroot=10.0.0.1:10809/amd64 \(word)")
        #expect(values["MAC"] == mac)
    }

    @Test func nbdRootWithoutPortOrExport() throws {
        let short = try parse("root=/dev/nbd1 nbdroot=10.0.0.1/i386")
        #expect(short["NBD_SERVER"] == "10.0.0.1")
        #expect(short["NBD_PORT"] == "10809")
        #expect(short["NBD_EXPORT"] == "i386")
        #expect(short["NBD_DEVICE"] == "/dev/nbd1")
        let bare = try parse("root=/dev/nbd0 ltsp.server=10.0.0.9")
        #expect(bare["NBD_SERVER"] == "")
        #expect(bare["NBD_EXPORT"] == "")
        #expect(bare["SERVER"] == "10.0.0.9")
    }

    @Test func aoeAndNFSRoots() throws {
        let aoe = try parse("root=/dev/etherd/e1.0 ltsp.server=192.168.67.1")
        #expect(aoe["ROOT_TYPE"] == "aoe")
        #expect(aoe["AOE_DEVICE"] == "/dev/etherd/e1.0")
        let nfs = try parse("root=/dev/nfs nfsroot=192.168.67.1:/srv/kiwi-ltsp-nfs-amd64,ro ltsp.server=192.168.67.1")
        #expect(nfs["ROOT_TYPE"] == "nfs")
        #expect(nfs["NFS_SERVER"] == "192.168.67.1")
        #expect(nfs["NFS_PATH"] == "/srv/kiwi-ltsp-nfs-amd64")
        #expect(nfs["NFS_OPTIONS"] == "ro")
        let ganesha = try parse("root=/dev/nfs nfsroot=192.168.67.1:/srv/kiwi-ltsp-nfs-amd64,ro,vers=4")
        #expect(ganesha["NFS_PATH"] == "/srv/kiwi-ltsp-nfs-amd64")
        #expect(ganesha["NFS_OPTIONS"] == "ro,vers=4")
        let bare = try parse("root=/dev/nfs nfsroot=192.168.67.1:/srv/root")
        #expect(bare["NFS_OPTIONS"] == "ro")
    }

    @Test func debuggingAndOverrides() throws {
        let values = try parse("root=/dev/sda1 ltsp.break=mount init=/bin/sh ltsp.overlay_size=300M ip=dhcp")
        #expect(values["ROOT_TYPE"] == "unknown")
        #expect(values["BREAK"] == "mount")
        #expect(values["INIT"] == "/bin/sh")
        #expect(values["OVERLAY_SIZE"] == "300M")
        #expect(values["IP_CLIENT"] == "", "ip=dhcp asks DHCP")
    }

    @Test func theInitrdLayoutHasWhatInitCalls() {
        let layout = InitrdLayout(
            kernelVersion: "6.1.0-9-amd64", busybox: [1], nbdAttach: [2],
            modules: [("kernel/drivers/block/nbd.ko", [3])])
        let paths = layout.entries.map(\.path)
        for path in [
            "init", "bin/busybox", "bin/sh", "bin/switch_root", "bin/udhcpc", "sbin/ltsp-nbd-attach",
            "dev/console", "etc/kiwi-ltsp/udhcpc.script", "etc/kiwi-ltsp/modules",
            "lib/modules/6.1.0-9-amd64/kernel/drivers/block/nbd.ko",
        ] {
            #expect(paths.contains(path), "\(path)")
        }
        for (index, path) in paths.enumerated() where path.contains("/") {
            let parent = path.split(separator: "/").dropLast().joined(separator: "/")
            #expect(paths[..<index].contains(parent), "\(parent) listed before \(path)")
        }
        #expect(Set(paths).count == paths.count)
    }
}
