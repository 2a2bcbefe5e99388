import Foundation
import Testing
import TestSupport

/// The `minimal` image, built once per test run by the real `kiwi-ltsp image build` into a fixed scratch root
/// (`/var/tmp/kiwi-ltsp-test-image`). A chroot left there by an earlier run is reused (`--reuse-chroot`: our
/// programs, the initrd and the squashfs are still rebuilt); a clean machine bootstraps from scratch.
enum TestImage {
    static let root = "/var/tmp/kiwi-ltsp-test-image"
    static let buildConfig = "/etc/sysconfig/kiwi-ltsp-image"
    static let tools = ["mmdebstrap", "mksquashfs", "gzip", "qemu-system-x86_64", "ip", "cpio"]

    struct Built: Sendable {
        var output: String
        var root: String
        var image: String { root + "/srv/kiwi-ltsp/amd64.img" }
        var kernel: String { root + "/srv/tftpboot/KIWI/linux-ltsp" }
        var initrd: String { root + "/srv/tftpboot/KIWI/initrd-ltsp" }
    }

    private static let result: Result<Built, TestFailure> = {
        do { return .success(try build()) } catch let failure as TestFailure {
            return .failure(failure)
        } catch {
            return .failure(TestFailure("\(error)"))
        }
    }()

    /// nil (outside CI) when a tool is missing; in CI a missing tool fails.
    static func ensureBuilt() throws -> Built? {
        if let missing = RequiredTool.missing(tools) {
            try #require(!RequiredTool.isCI, "CI must have what the image build needs: \(missing)")
            return nil
        }
        return try result.get()
    }

    private static func build() throws -> Built {
        try FileManager.default.createDirectory(atPath: root + "/etc/sysconfig", withIntermediateDirectories: true)
        // The build runs in this namespace (it needs the apt mirror): loopback settings that validate anywhere.
        let settings = ScratchRoot.loopback.merging(["IMAGE_PROFILE": "minimal"]) { $1 }
        try settings.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"\n" }.joined()
            .write(toFile: root + buildConfig, atomically: true, encoding: .utf8)
        var arguments = [BuiltProducts.executable("kiwi-ltsp"), "image", "build", "--root", root,
                         "--config", buildConfig]
        if FileManager.default.fileExists(atPath: root + "/srv/kiwi-ltsp-nfs-amd64/etc/os-release") {
            arguments.append("--reuse-chroot")
        }
        let result = try Command.run(arguments)
        guard result.succeeded else {
            throw TestFailure("image build exited \(result.status):\n\(result.stdout)\n\(result.stderr)")
        }
        return Built(output: result.stdout, root: root)
    }
}
