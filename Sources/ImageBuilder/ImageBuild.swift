import Foundation
import Glibc
import LTSPConfig
import Provisioning
import SystemSupport

/// `kiwi-ltsp image build` (seed: `kiwi-ltsp -s`): bootstrap the chroot, add our client, pack the squashfs image,
/// copy the kernel, make `initrd-ltsp`, then publish the three together (each previous one kept as `.old`).
public struct ImageBuild {
    public struct Options: Sendable {
        public var profile: ImageProfile
        public var reuseChroot: Bool
        /// The client architecture to build for; nil builds ARCH's. Another one (EXTRA_ARCHES) gets its own chroot,
        /// image, kernel and initrd (`ServerConfiguration+Arch`).
        public var arch: String?
        public init(profile: ImageProfile, reuseChroot: Bool, arch: String? = nil) {
            self.profile = profile
            self.reuseChroot = reuseChroot
            self.arch = arch
        }
    }

    public var configuration: ServerConfiguration
    public var root: RootDirectory
    public var options: Options
    public var programs: ClientPrograms
    /// The text of `ssh_known_hosts` (the same `configure` writes).
    public var knownHosts: String
    /// The host's apt sources, for the mirror when IMAGE_MIRROR is empty.
    public var hostAptSources: (oneLine: String, deb822: String)
    public var progress: any BuildProgress
    public var runner = SystemProcessRunner()

    public init(
        configuration: ServerConfiguration, root: RootDirectory, options: Options, programs: ClientPrograms,
        knownHosts: String, hostAptSources: (oneLine: String, deb822: String), progress: any BuildProgress
    ) {
        self.configuration = configuration
        self.root = root
        self.options = options
        self.programs = programs
        self.knownHosts = knownHosts
        self.hostAptSources = hostAptSources
        self.progress = progress
    }

    public var arch: String { options.arch ?? configuration.arch }
    public var chroot: String { root.resolve(configuration.chrootDirectory(arch: arch)) }
    public var imagePath: String { root.resolve(configuration.imagePath(arch: arch)) }
    public var kernelPath: String { root.resolve(configuration.tftpRoot + "/" + configuration.kernelPath(arch: arch)) }
    public var initrdPath: String { root.resolve(configuration.tftpRoot + "/" + configuration.initrdPath(arch: arch)) }
    public var publishedPaths: [String] { [imagePath, kernelPath, initrdPath] }

    /// The image, `linux-ltsp` and `initrd-ltsp` of `arch` (ARCH's when nil): what a build publishes and
    /// ``revert(paths:)`` swaps.
    public static func publishedPaths(
        configuration: ServerConfiguration, root: RootDirectory, arch: String? = nil
    ) -> [String] {
        let arch = arch ?? configuration.arch
        return [
            configuration.imagePath(arch: arch), configuration.tftpRoot + "/" + configuration.kernelPath(arch: arch),
            configuration.tftpRoot + "/" + configuration.initrdPath(arch: arch),
        ].map(root.resolve)
    }

    public var mirror: String? {
        if !configuration.imageMirror.isEmpty { return configuration.imageMirror }
        return AptSources.debianMirror(oneLine: hostAptSources.oneLine, deb822: hostAptSources.deb822)
    }

    public func run() throws(ImageBuildError) -> ImageBuildReport {
        var report = ImageBuildReport(profile: options.profile)
        let stopwatch = Stopwatch()
        let reuse = chrootReuse
        try checkTools(bootstrapping: reuse != .reuse)
        if reuse != .absent {
            progress.begin("Chroot \(chroot)")
            progress.end(
                reuse == .reuse
                    ? "reused (--reuse-chroot)"
                    : "not reused: it lacks packages the \(options.profile) profile lists")
        }
        if reuse != .reuse {
            report.bootstrapSeconds = try timed { () throws(ImageBuildError) in try bootstrap() }
        }
        progress.begin("Client programs, ssh_known_hosts, init")
        try ChrootCustomizer(chroot: chroot, profile: options.profile, knownHosts: knownHosts, programs: programs)
            .apply()
        progress.end(
            "ltsp-client installed at \(ClientBootFiles.clientPath)"
                + (options.profile == .thin ? ", ldm at \(ClientBootFiles.ldmPath)" : "") + "; root account locked")

        let kernel = try InstalledKernel.newest(in: chroot)
        do {
            try stage(kernel, into: &report)
        } catch {
            // Nothing half-built stays behind; what is published is untouched.
            for path in publishedPaths { unlink(ImagePublisher.stagingPath(for: path)) }
            throw error
        }
        for path in publishedPaths { try ImagePublisher.publish(path) }
        report.imageBytes = Self.size(of: imagePath)
        report.kernelBytes = Self.size(of: kernelPath)
        report.initrdBytes = Self.size(of: initrdPath)
        report.seconds = stopwatch.seconds
        progress.end("published \(imagePath) (previous kept as .old)")
        return report
    }

    /// Kernel, initrd and squashfs written beside the files they replace.
    func stage(_ kernel: InstalledKernel, into report: inout ImageBuildReport) throws(ImageBuildError) {
        progress.begin("Kernel \(kernel.version) and initrd-ltsp")
        for path in publishedPaths { try makeParent(of: path) }
        do {
            try TextFile.writeAtomically(
                bytes: try TextFile.readBytes(kernel.image),
                to: ImagePublisher.stagingPath(for: kernelPath))
        } catch { throw ImageBuildError(error) }
        let initrd = try InitrdBuilder(chroot: chroot, kernel: kernel, nbdAttach: programs.nbdAttach, runner: runner)
            .build(to: ImagePublisher.stagingPath(for: initrdPath))
        report.kernelVersion = kernel.version
        report.initrdModules = initrd.moduleCount
        progress.end(
            "\(initrd.moduleCount) modules"
                + (initrd.absentOptional.isEmpty
                    ? ""
                    : "; this kernel has no \(initrd.absentOptional.joined(separator: ", "))"))

        progress.begin("Squashfs image")
        let squash = SquashfsCommand(
            source: chroot, output: ImagePublisher.stagingPath(for: imagePath),
            excludes: SquashfsCommand.standardExcludes)
        unlink(squash.output)
        report.squashfsSeconds = try timed { () throws(ImageBuildError) in
            try runTool(squash.arguments)
        }
    }

    enum ChrootReuse {
        /// No `--reuse-chroot`, or no chroot there.
        case absent
        /// A chroot that has every package the profile lists.
        case reuse
        /// A chroot that lacks some: bootstrapped again (a profile that gained a package must not boot an image
        /// without it).
        case incomplete
    }

    /// What `--reuse-chroot` finds (dpkg's status file, read once per build).
    var chrootReuse: ChrootReuse {
        guard options.reuseChroot, TextFile.exists(chroot + "/etc/os-release") else { return .absent }
        let status = (try? TextFile.read(chroot + "/var/lib/dpkg/status")) ?? ""
        let wanted = PackageSelection.packages(
            profile: options.profile, arch: arch,
            extra: configuration.extraPackages)
        return Set(wanted).isSubset(of: PackageSelection.installed(status: status)) ? .reuse : .incomplete
    }

    func checkTools(bootstrapping: Bool) throws(ImageBuildError) {
        var tools = [("mksquashfs", "squashfs-tools"), ("gzip", "gzip")]
        if bootstrapping { tools.append(("mmdebstrap", "mmdebstrap")) }
        // mmdebstrap refuses another architecture than the host's without arch-test.
        if bootstrapping && arch != ClientPrograms.hostArch { tools.append(("arch-test", "arch-test")) }
        for (tool, package) in tools where SystemProcessRunner.lookUp(tool) == nil {
            throw .missingTool(tool, package: package)
        }
    }

    /// mmdebstrap into a fresh directory beside the chroot; the old chroot is replaced only when it succeeded.
    func bootstrap() throws(ImageBuildError) {
        let staging = chroot + ".new"
        let previous = chroot + ".replaced"
        try removeTree(staging)
        try makeParent(of: chroot)
        let command = BootstrapCommand(
            distribution: configuration.imageDistribution, arch: arch,
            profile: options.profile, extraPackages: configuration.extraPackages,
            mirror: mirror, target: staging)
        progress.begin(
            "Bootstrap \(configuration.imageDistribution) \(arch) (\(options.profile.rawValue)) with mmdebstrap")
        do {
            try runTool(command.arguments)
        } catch {
            try? removeTree(staging)
            throw error
        }
        try removeTree(previous)
        if TextFile.exists(chroot), rename(chroot, previous) != 0 {
            throw .io(path: chroot, operation: "move aside", errno: errno)
        }
        guard rename(staging, chroot) == 0 else {
            throw .io(path: chroot, operation: "rename into place", errno: errno)
        }
        try removeTree(previous)
        progress.end("chroot ready at \(chroot)")
    }

    /// Runs a build tool, its output summarised into progress lines; a failure is reported under the tool's name.
    func runTool(_ arguments: [String]) throws(ImageBuildError) {
        let step = arguments[0]
        var summary = ToolOutputSummary(tool: step)
        let progress = self.progress
        let outcome: CommandOutcome
        do {
            outcome = try runner.run(CommandInvocation(arguments)) { bytes in
                if let status = summary.feed(bytes) { progress.update(status) }
            }
        } catch {
            throw ImageBuildError(step: step, error)
        }
        guard outcome.status == 0 else {
            let tail = outcome.output.split(separator: "\n").suffix(15).joined(separator: "\n")
            throw .toolFailed(step: step, detail: "exited \(outcome.status):\n\(tail)")
        }
    }

    func timed(_ body: () throws(ImageBuildError) -> Void) throws(ImageBuildError) -> Double {
        let stopwatch = Stopwatch()
        try body()
        return stopwatch.seconds
    }

    func makeParent(of path: String) throws(ImageBuildError) {
        do { try TextFile.makeDirectories(TextFile.parentDirectory(of: path)) } catch { throw ImageBuildError(error) }
    }

    func removeTree(_ path: String) throws(ImageBuildError) {
        guard TextFile.exists(path) else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw .toolFailed(step: "remove \(path)", detail: "\(error)")
        }
    }

    static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// `image revert`: the previous image, kernel and initrd back in place (the current ones become `.old`).
    public static func revert(paths: [String]) throws(ImageBuildError) -> [String] {
        var reverted: [String] = []
        for path in paths where TextFile.exists(ImagePublisher.previousPath(for: path)) {
            try ImagePublisher.revert(path)
            reverted.append(path)
        }
        guard !reverted.isEmpty else { throw .nothingToRevert(ImagePublisher.previousPath(for: paths.first ?? "")) }
        return reverted
    }
}
