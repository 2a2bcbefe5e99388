import ArgumentParser
import Foundation
import ImageBuilder
import LTSPConfig
import NetworkValues
import Provisioning
import SystemSupport

/// `kiwi-ltsp image build` (seed: `kiwi-ltsp -s`).
public struct ImageBuildCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Bootstrap the client chroot and pack its squashfs image; copy the kernel; make initrd-ltsp.",
        discussion: """
            The chroot goes to CHROOT_DIR, the image to <IMAGE_DIR>/<ARCH>.img, linux-ltsp and initrd-ltsp to \
            <TFTP_ROOT>/KIWI. Each is published atomically; the previous one is kept as .old (`kiwi-ltsp image \
            revert`). Clients that run keep reading the image they mounted. With --arch, an architecture of \
            EXTRA_ARCHES: its chroot kiwi-ltsp-nfs-<arch> beside CHROOT_DIR, <IMAGE_DIR>/<arch>.img and \
            <TFTP_ROOT>/KIWI/<arch>/; its programs come from scripts/build-clients-<arch>.
            """
    )

    @OptionGroup public var global: GlobalOptions

    @Option(help: "minimal or thin (default: IMAGE_PROFILE).")
    public var profile: String?

    @Flag(help: "Keep an existing chroot instead of bootstrapping a new one.")
    public var reuseChroot = false

    @Option(help: "The client architecture: ARCH (the default) or one of EXTRA_ARCHES.")
    public var arch: String?

    public init() {}

    public func validate() throws {
        if let profile, ImageProfile(rawValue: profile) == nil {
            throw ValidationError("--profile \(profile): use one of minimal, thin")
        }
    }

    public func run() async throws {
        let loaded = try global.validConfiguration(action: "nothing was built")
        let configuration = loaded.configuration
        let arch = try Self.servedArch(arch, configuration)
        let root = global.rootDirectory
        let network = SystemNetworkEnvironment()
        let host = HostIdentity.current(configuration: configuration, root: root, network: network)
        let knownHosts = KnownHostsRenderer.render(
            names: host.knownHostNames(serverAddress: configuration.serverAddress),
            keys: SSHHostKey.load(root: root))
        let sources = (
            oneLine: (try? TextFile.read("/etc/apt/sources.list")) ?? "",
            deb822: (try? TextFile.read("/etc/apt/sources.list.d/debian.sources")) ?? ""
        )
        let options = ImageBuild.Options(
            profile: profile.flatMap(ImageProfile.init(rawValue:)) ?? configuration.imageProfile,
            reuseChroot: reuseChroot, arch: arch)
        let report = try Self.reporting { () throws(ImageBuildError) in
            try ImageBuild(
                configuration: configuration, root: root, options: options,
                programs: try ClientPrograms.locate(arch: arch), knownHosts: knownHosts, hostAptSources: sources,
                progress: ConsoleProgress()
            ).run()
        }
        print(report.summary)
    }

    /// `--arch`, which must be one the server serves (a built image nobody boots would only take disk).
    static func servedArch(_ arch: String?, _ configuration: ServerConfiguration) throws(CommandError) -> String {
        guard let arch else { return configuration.arch }
        guard configuration.arches.contains(arch) else {
            throw CommandError(
                "--arch \(arch): this server serves \(configuration.arches.joined(separator: " and ")); "
                    + "add \(arch) to EXTRA_ARCHES in the configuration first")
        }
        return arch
    }

    /// The build's error as the command's (printed as `Error: …`, exit 1).
    static func reporting<Result>(_ body: () throws(ImageBuildError) -> Result) throws(CommandError) -> Result {
        do { return try body() } catch { throw CommandError(error.description) }
    }
}
