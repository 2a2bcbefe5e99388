import ArgumentParser
import LTSPConfig
import NetworkValues
import Provisioning
import SystemSupport

/// `kiwi-ltsp configure` (seed: `kiwi-ltsp -c`): installs boot loaders, boot menus, lts.conf, ssh host keys and
/// known_hosts, the boot services' configuration, the firewall/NAT tables and forwarding, under `--root`.
/// Atomic per file, idempotent, with a dry run (`--dry-run` shows unified diffs) and `--undo`.
public struct ConfigureCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "configure",
        abstract: "Configure this host for thin clients; --dry-run shows the diff.",
        discussion: """
            Every file is written atomically; what it replaces is kept under /var/lib/kiwi-ltsp/backup, and --undo \
            puts it back. A second run changes nothing. `nft -f` and `sysctl -p` act on the running kernel, not on \
            --root: under a --root other than / they are only reported unless --host-commands is given.
            """
    )

    @OptionGroup public var global: GlobalOptions

    @Flag(help: "Show what would change, as unified diffs; change nothing.")
    public var dryRun = false

    @Flag(help: "Remove what configure installed and restore the files it replaced.")
    public var undo = false

    @Flag(help: "Write files only; do not run ssh-keygen, nft or sysctl.")
    public var noCommands = false

    @Flag(help: "Run nft and sysctl on this host even when --root is not /.")
    public var hostCommands = false

    public init() {}

    public func validate() throws {
        if noCommands && hostCommands { throw ValidationError("--no-commands and --host-commands contradict") }
    }

    public func run() async throws {
        let options = ApplyOptions(dryRun: dryRun, runCommands: !noCommands, runHostCommands: hostCommands)
        let provisioner = Provisioner(root: global.rootDirectory, options: options) { step in
            print(step)
            if let diff = step.diff { print(diff, terminator: "") }
        }
        do {
            let report: ApplyReport
            if undo {
                report = try provisioner.undo()
            } else {
                report = try provisioner.configure(try input())
            }
            for warning in report.warnings { print("warning: \(warning)") }
            print(report.summary)
        } catch let error as ProvisioningError {
            throw CommandError(error.description)
        }
    }

    func input() throws -> ProvisioningPlanner.Input {
        let network = SystemNetworkEnvironment()
        let loaded = global.loader(network: network).load()
        for diagnostic in loaded.diagnostics { print(diagnostic) }
        guard loaded.isValid else {
            throw CommandError(
                "\(loaded.errors.count) configuration error(s) in \(loaded.file); nothing was written "
                    + "(`kiwi-ltsp config check` lists them)")
        }
        let configuration = loaded.configuration
        do {
            return ProvisioningPlanner.Input(
                configuration: configuration,
                host: HostIdentity.current(configuration: configuration, root: global.rootDirectory, network: network),
                hostKeys: [],
                bootLoaders: try BootLoaderImage.loadCatalog(BootLoaderFile.catalog(for: configuration)),
                executable: Self.executablePath(),
                configPath: global.configPath, root: global.rootDirectory,
                sessionHost: SessionHost.current(root: global.rootDirectory),
                derived: DerivedRecord(settings: loaded.settings))
        } catch {
            throw CommandError(error.description)
        }
    }

    /// The running binary, for the systemd unit's ExecStart.
    static func executablePath() -> String {
        let path = RunningExecutable.path
        return path.isEmpty ? "/usr/sbin/kiwi-ltsp" : path
    }
}
