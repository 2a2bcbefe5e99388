import Foundation
import Testing
import TestSupport

/// The client images, each built once per test run by the real `kiwi-ltsp image build` into a fixed scratch root
/// (`/var/tmp/kiwi-ltsp-test-image` for `minimal`, `-thin` for `thin`) and shared by the tests that boot it. A chroot
/// left there by an earlier run is reused (`--reuse-chroot`: our programs, the initrd and the squashfs are still
/// rebuilt); a clean machine bootstraps from scratch. The i386 image (`thin`, `--arch i386` of a server with
/// EXTRA_ARCHES="i386") has a root of its own, `/var/tmp/kiwi-ltsp-test-image-i386`.
enum TestImage {
    static let buildConfig = "/etc/sysconfig/kiwi-ltsp-image"
    static let tools = ["mmdebstrap", "mksquashfs", "gzip", "qemu-system-x86_64", "ip", "cpio"]

    struct Built: Sendable {
        var output: String
        var root: String
        var arch = "amd64"
        var image: String { root + "/srv/kiwi-ltsp/\(arch).img" }
        /// ARCH's boot files are in KIWI/, another architecture's in KIWI/<arch>/.
        var bootFolder: String { root + "/srv/tftpboot/KIWI" + (arch == "amd64" ? "" : "/\(arch)") }
        var kernel: String { bootFolder + "/linux-ltsp" }
        var initrd: String { bootFolder + "/initrd-ltsp" }
        var chroot: String { root + "/srv/kiwi-ltsp-nfs-\(arch)" }
    }

    static func root(_ profile: String, arch: String = "amd64") -> String {
        if arch != "amd64" { return "/var/tmp/kiwi-ltsp-test-image-\(arch)" }
        return profile == "minimal" ? "/var/tmp/kiwi-ltsp-test-image" : "/var/tmp/kiwi-ltsp-test-image-\(profile)"
    }

    private static let minimal: Result<Built, TestFailure> = result { try build("minimal") }
    private static let thin: Result<Built, TestFailure> = result { try build("thin") }
    private static let i386: Result<Built, TestFailure> = result { try build("thin", arch: "i386") }

    private static func result(_ body: () throws -> Built) -> Result<Built, TestFailure> {
        do { return .success(try body()) } catch let failure as TestFailure {
            return .failure(failure)
        } catch {
            return .failure(TestFailure("\(error)"))
        }
    }

    /// The image, built once per run; a missing tool skips the test (fails it in a strict run).
    static func ensureBuilt(_ profile: String = "minimal") throws -> Built {
        try RequiredTool.require(tools)
        return try (profile == "thin" ? thin : minimal).get()
    }

    /// The thin image for 32-bit clients, with the client programs of `scripts/build-clients-i386`.
    static func ensureBuiltI386() throws -> Built {
        try RequiredTool.require(tools + ["qemu-system-i386"])
        return try i386.get()
    }

    private static func build(_ profile: String, arch: String = "amd64") throws -> Built {
        let root = root(profile, arch: arch)
        try FileManager.default.createDirectory(atPath: root + "/etc/sysconfig", withIntermediateDirectories: true)
        // The build runs in this namespace (it needs the apt mirror): loopback settings that validate anywhere.
        var settings = ScratchRoot.loopback.merging(["IMAGE_PROFILE": profile]) { $1 }
        if arch != "amd64" { settings["EXTRA_ARCHES"] = arch }
        try settings.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"\n" }.joined()
            .write(toFile: root + buildConfig, atomically: true, encoding: .utf8)
        var arguments = [
            BuiltProducts.executable("kiwi-ltsp"), "image", "build", "--root", root,
            "--config", buildConfig, "--arch", arch,
        ]
        if FileManager.default.fileExists(atPath: root + "/srv/kiwi-ltsp-nfs-\(arch)/etc/os-release") {
            arguments.append("--reuse-chroot")
        }
        let stopwatch = Date()
        print("building the \(profile) \(arch) test image in \(root) (minutes on a clean machine)")
        let result = try Command.run(arguments)
        guard result.succeeded else {
            throw TestFailure("image build exited \(result.status):\n\(result.stdout)\n\(result.stderr)")
        }
        print("the \(profile) \(arch) test image was built in \(Int(Date().timeIntervalSince(stopwatch))) s")
        return Built(output: result.stdout, root: root, arch: arch)
    }
}

extension TestImage.Built {
    /// This image's kernel and initrd booted in qemu (direct kernel boot, console on the serial line) in `lab`'s
    /// client namespace, as the client with `mac`; `root` gives the root's command-line words (`root=/dev/nbd0
    /// nbdroot=...`), the server is the lab's.
    func directBoot(in lab: VirtualLab, mac: String, root: String) throws -> VirtualMachine {
        let commandLine =
            "console=ttyS0 \(root) ltsp.server=192.168.67.1 "
            + "BOOTIF=01-\(mac.replacingOccurrences(of: ":", with: "-")) panic=-1"
        return try VirtualMachine(
            namespace: lab.client,
            machine: [
                "-kernel", kernel, "-initrd", initrd, "-append", commandLine,
                "-netdev", "tap,id=net0,ifname=\(lab.tap),script=no,downscript=no",
                "-device", "e1000,netdev=net0,mac=\(mac)",
            ])
    }
}
