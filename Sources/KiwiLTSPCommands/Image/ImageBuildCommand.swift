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
            revert`). Clients that run keep reading the image they mounted.
            """
    )

    @OptionGroup public var global: GlobalOptions

    @Option(help: "minimal or thin (default: IMAGE_PROFILE).")
    public var profile: String?

    @Flag(help: "Keep an existing chroot instead of bootstrapping a new one.")
    public var reuseChroot = false

    public init() {}

    public func validate() throws {
        if let profile, ImageProfile(rawValue: profile) == nil {
            throw ValidationError("--profile \(profile): use one of minimal, thin")
        }
    }

    public func run() async throws {
        let loaded = try global.validConfiguration(action: "nothing was built")
        let configuration = loaded.configuration
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
            reuseChroot: reuseChroot)
        let report = try Self.reporting { () throws(ImageBuildError) in
            try ImageBuild(
                configuration: configuration, root: root, options: options,
                programs: try ClientPrograms.locate(), knownHosts: knownHosts, hostAptSources: sources,
                progress: ConsoleProgress()
            ).run()
        }
        print(report.summary)
    }

    /// The build's error as the command's (printed as `Error: …`, exit 1).
    static func reporting<Result>(_ body: () throws(ImageBuildError) -> Result) throws(CommandError) -> Result {
        do { return try body() } catch { throw CommandError(error.description) }
    }
}
