import LTSPConfig
import SystemSupport

/// Turns the configuration into a plan. Pure: everything it needs from the machine arrives in `Input`.
///
/// What is written depends on the configuration:
/// - always: boot loaders, the pxelinux/iPXE/GRUB menus, lts.conf (create-only), known_hosts (TFTP copy, and each
///   architecture's chroot's when that chroot exists), the sshd drop-in for the sessions, the ALSA default, /media's
///   tmpfiles entry, the nftables file, the sysctl file and the record of derived values (``DerivedRecord``);
/// - BOOT_SERVICES=builtin: the `kiwi-ltsp serve` unit (it serves DHCP, TFTP, NBD and AoE itself);
/// - BOOT_SERVICES=dnsmasq: the dnsmasq file, nbd-server's configuration for ROOT_TYPE=nbd, the vblade unit for
///   ROOT_TYPE=aoe;
/// - ROOT_TYPE=nfs: the exports file for the kernel's NFS server, or nfs-ganesha's configuration (NFS_SERVER;
///   there is no built-in one).
public struct ProvisioningPlanner: Sendable {
    public struct Input: Sendable {
        public var configuration: ServerConfiguration
        public var host: HostIdentity
        public var hostKeys: [SSHHostKey]
        public var bootLoaders: [BootLoaderImage]
        /// Where `kiwi-ltsp` is installed, for the systemd unit.
        public var executable: String
        /// The configuration file as seen on the target, passed to `serve` when it is not the default.
        public var configPath: String
        /// For command arguments that name host paths.
        public var root: RootDirectory
        /// What the server has for desktop sessions (for warnings).
        public var sessionHost: SessionHost
        /// The values derived from the host that the files are written with (recorded for `serve`'s check).
        public var derived: DerivedRecord

        public init(
            configuration: ServerConfiguration, host: HostIdentity, hostKeys: [SSHHostKey],
            bootLoaders: [BootLoaderImage], executable: String = "/usr/sbin/kiwi-ltsp",
            configPath: String = ConfigSchema.defaultPath, root: RootDirectory = RootDirectory(),
            sessionHost: SessionHost = SessionHost(
                hasXauth: true, xsessions: ["default.desktop"],
                sshdConfig: nil),
            derived: DerivedRecord = DerivedRecord(values: [:])
        ) {
            self.configuration = configuration
            self.host = host
            self.hostKeys = hostKeys
            self.bootLoaders = bootLoaders
            self.executable = executable
            self.configPath = configPath
            self.root = root
            self.sessionHost = sessionHost
            self.derived = derived
        }
    }

    public init() {}

    public func plan(_ input: Input) throws(ProvisioningError) -> ProvisioningPlan {
        let configuration = input.configuration
        guard let server = configuration.serverAddress else {
            throw .unusableConfiguration("SERVER_IP is unknown; set SERVER_IP or DHCP_IFACES in \(input.configPath)")
        }
        let tftp = configuration.tftpRoot
        let menu = BootMenu(configuration: configuration)
        var writes = input.bootLoaders.map { FileWrite(path: "\(tftp)/\($0.file.target)", bytes: $0.bytes) }
        let knownHosts = KnownHostsRenderer.render(
            names: input.host.knownHostNames(serverAddress: server),
            keys: input.hostKeys)
        writes +=
            [
                FileWrite(
                    path: "\(tftp)/\(PXELinuxConfigRenderer.path)",
                    text: PXELinuxConfigRenderer.render(configuration, menu: menu)),
                FileWrite(
                    path: "\(tftp)/\(GRUBConfigRenderer.path)",
                    text: GRUBConfigRenderer.render(configuration, menu: menu)),
            ]
            + (configuration.ipxeScript.map {
                [FileWrite(path: "\(tftp)/\($0)", text: IPXEScriptRenderer.render(configuration, menu: menu))]
            } ?? []) + [
                FileWrite(
                    path: configuration.ltsConfPath, text: LTSConfRenderer.render(configuration),
                    policy: .createOnly),
                FileWrite(path: "\(tftp)/\(KnownHostsRenderer.tftpPath)", text: knownHosts),
            ]
            + configuration.arches.map { arch in
                let chroot = configuration.chrootDirectory(arch: arch)
                return FileWrite(
                    path: chroot + KnownHostsRenderer.chrootPath, text: knownHosts,
                    policy: .replaceInExistingDirectory(chroot))
            }
        switch configuration.bootServices {
        case .builtin:
            writes.append(
                FileWrite(
                    path: SystemdUnitRenderer.servePath,
                    text: SystemdUnitRenderer.serveUnit(
                        executable: input.executable, configPath: input.configPath, user: configuration.serveUser)))
        case .dnsmasq:
            writes.append(
                FileWrite(path: DnsmasqConfigRenderer.path, text: DnsmasqConfigRenderer.render(configuration)))
            if configuration.rootType == .nbd {
                writes.append(
                    FileWrite(
                        path: NBDServerConfigRenderer.path,
                        text: NBDServerConfigRenderer.render(configuration)))
            }
            if configuration.rootType == .aoe {
                writes.append(
                    FileWrite(
                        path: SystemdUnitRenderer.vbladePath,
                        text: SystemdUnitRenderer.vbladeUnit(configuration)))
            }
        }
        if configuration.rootType == .nfs {
            switch configuration.nfsServer {
            case .kernel:
                writes.append(
                    FileWrite(path: NFSExportsRenderer.path, text: NFSExportsRenderer.render(configuration)))
            case .ganesha:
                writes.append(
                    FileWrite(path: GaneshaConfigRenderer.path, text: GaneshaConfigRenderer.render(configuration)))
            }
        }
        writes += [
            FileWrite(path: SSHDConfigRenderer.path, text: SSHDConfigRenderer.render()),
            FileWrite(path: ALSAConfigRenderer.path, text: ALSAConfigRenderer.render()),
            FileWrite(path: MediaDirectoryRenderer.path, text: MediaDirectoryRenderer.render()),
            FileWrite(path: KiwiPaths.derivedRecord, text: input.derived.text),
            FileWrite(path: NftablesRenderer.path, text: NftablesRenderer.render(configuration)),
            FileWrite(path: SysctlRenderer.path, text: SysctlRenderer.render(configuration)),
        ]
        let keyFiles = SSHHostKey.privateKeyPaths.flatMap { [$0, $0 + ".pub"] }
        let preparation = [
            CommandStep(
                ToolCommand.generateHostKeys(root: input.root),
                trigger: .filesMissing(SSHHostKey.privateKeyPaths),
                purpose: "make the missing ssh host keys", creates: keyFiles)
        ]
        let commands = [
            CommandStep(
                ToolCommand.loadFirewall(file: input.root.resolve(NftablesRenderer.path)),
                trigger: .filesChanged([NftablesRenderer.path]), purpose: "load the firewall tables"),
            CommandStep(
                ToolCommand.loadSysctl(file: input.root.resolve(SysctlRenderer.path)),
                trigger: .filesChanged([SysctlRenderer.path]), purpose: "apply the forwarding setting"),
            CommandStep(
                ToolCommand.applyTmpfiles(file: input.root.resolve(MediaDirectoryRenderer.path)),
                trigger: .filesChanged([MediaDirectoryRenderer.path]),
                purpose: "open /media for the clients' removable media"),
        ]
        return ProvisioningPlan(
            preparation: preparation, writes: writes, commands: commands,
            warnings: input.sessionHost.warnings)
    }
}
