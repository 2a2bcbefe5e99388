import Foundation
import LTSPConfig
import Provisioning
import SystemSupport

/// `kiwi-ltsp media build`: stages the plan's files, runs grub-mkrescue with progress, and publishes the image
/// atomically (written beside the target, renamed over it); `--usb` writes the same image to a stick (a block device
/// or a file) and syncs it. With both, the stick gets the very bytes of the ISO (grub-mkrescue's images differ from
/// run to run in their time stamps).
public struct BootMediumBuild {
    public var plan: BootMediumPlan
    public var iso: String?
    public var usb: String?
    public var progress: any BuildProgress
    public var runner = SystemProcessRunner()

    public init(plan: BootMediumPlan, iso: String?, usb: String?, progress: any BuildProgress) {
        self.plan = plan
        self.iso = iso
        self.usb = usb
        self.progress = progress
    }

    public func checkTools() throws(ImageBuildError) {
        for (tool, package) in BootMediumPlan.tools where SystemProcessRunner.lookUp(tool) == nil {
            throw .missingTool(tool, package: package)
        }
        for (directory, package) in BootMediumPlan.platforms where !TextFile.exists(directory) {
            throw .missing(
                path: directory, hint: "install \(package) (grub-mkrescue takes GRUB's platform files from it)")
        }
        for file in plan.files {
            if let source = file.source, !TextFile.exists(source) {
                throw .missing(path: source, hint: "install ipxe")
            }
        }
    }

    /// Builds the image; returns its path and size.
    public func run() throws(ImageBuildError) -> (path: String, bytes: Int64) {
        try checkTools()
        let output = iso ?? "/tmp/kiwi-ltsp-media-\(getpid()).iso"
        let staging = "/tmp/kiwi-ltsp-media-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        progress.begin("Staging iPXE and GRUB's menu")
        do throws(SystemError) {
            for file in plan.files {
                let bytes =
                    try file.source.map { source throws(SystemError) in try TextFile.readBytes(source) }
                    ?? Array((file.text ?? "").utf8)
                try TextFile.writeAtomically(bytes: bytes, to: staging + file.path)
            }
        } catch { throw ImageBuildError(error) }
        progress.end("\(plan.files.count) files")

        progress.begin("grub-mkrescue: one image for BIOS and UEFI, CD and USB")
        let staged = ImagePublisher.stagingPath(for: output)
        unlink(staged)
        do {
            try TextFile.makeDirectories(TextFile.parentDirectory(of: output))
        } catch { throw ImageBuildError(error) }
        let outcome: CommandOutcome
        do {
            outcome = try runner.run(CommandInvocation(BootMediumPlan.mkrescue(staging: staging, output: staged))) {
                bytes in
                if let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").last {
                    progress.update(String(line).trimmed())
                }
            }
        } catch { throw ImageBuildError(step: "grub-mkrescue", error) }
        guard outcome.status == 0 else {
            unlink(staged)
            throw .toolFailed(
                step: "grub-mkrescue",
                detail: "exited \(outcome.status):\n"
                    + outcome.output.split(separator: "\n").suffix(10).joined(separator: "\n"))
        }
        guard rename(staged, output) == 0 else { throw .io(path: output, operation: "rename into place", errno: errno) }
        let bytes = ImageBuild.size(of: output)
        progress.end("\(output) (\(bytes / 1024) KiB)")
        if let usb {
            try write(output, toStick: usb)
            if iso == nil { unlink(output) }
        }
        return (iso ?? usb ?? output, bytes)
    }

    /// The image onto a stick (or a file standing for one), flushed before it is reported done.
    func write(_ image: String, toStick target: String) throws(ImageBuildError) {
        progress.begin("Writing \(target)")
        let input = open(image, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .io(path: image, operation: "open", errno: errno) }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw .io(path: target, operation: "open", errno: errno) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = read(input, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .io(path: image, operation: "read", errno: errno) }
            if count == 0 { break }
            guard DescriptorIO.writeAll(Array(buffer[0..<count]), to: output) else {
                throw .io(path: target, operation: "write", errno: errno)
            }
        }
        guard fsync(output) == 0 else { throw .io(path: target, operation: "fsync", errno: errno) }
        progress.end("written and synced")
    }
}
