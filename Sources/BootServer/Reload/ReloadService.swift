import DHCP
import Foundation
import LTSPConfig
import Logging
import NBD
import ServiceLifecycle
import Synchronization
import SystemSupport
import TFTP

/// SIGHUP: reads the configuration file and lts.conf again and applies what can change without new sockets.
///
/// An invalid file is reported (FILE:LINE: message) and the running configuration stays. A valid one is compared
/// with the running one (``ServeReloadPlan``): DHCP pool, reservations, options and boot files, the TFTP root and
/// the NBD exports change for the next request; a changed address, port, interface or mode is logged as needing a
/// restart. Transfers and connections in flight are not touched.
final class ReloadService: Service, Sendable {
    private let server: BootServer
    private let assembly: BootServer.Assembly
    private let signals: HangupSignals
    private let load: @Sendable () -> LoadedConfiguration
    private let logger: Logger
    private let running: Mutex<ServerConfiguration>
    private let reloaded = Mutex<Date?>(nil)

    init(
        server: BootServer, assembly: BootServer.Assembly, signals: HangupSignals,
        load: @escaping @Sendable () -> LoadedConfiguration
    ) {
        self.server = server
        self.assembly = assembly
        self.signals = signals
        self.load = load
        self.logger = server.serviceLogger("reload")
        self.running = Mutex(server.configuration)
    }

    /// When the last reload took a new configuration.
    var lastReload: Date? { reloaded.withLock { $0 } }

    func run() async throws {
        checkLTSConf(running.withLock { $0 }, reloading: false)
        for await _ in signals.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    func reload() async {
        let loaded = load()
        logger.info("SIGHUP: reading \(loaded.file) again")
        for warning in loaded.warnings {
            logger.warning("\(warning)")
        }
        for warning in DerivedRecord.warnings(root: server.root, settings: loaded.settings) {
            logger.warning("\(warning)")
        }
        guard loaded.isValid else {
            for error in loaded.errors {
                logger.error("\(error)")
            }
            logger.error(
                "reload refused: \(loaded.errors.count) error(s) in \(loaded.file); still serving with the configuration loaded before"
            )
            return
        }
        let old = running.withLock { $0 }
        let plan = ServeReloadPlan(running: old, new: loaded.configuration)
        for change in plan.needsRestart {
            logger.warning("reload: \(change) needs a restart of kiwi-ltsp serve; the running value stays")
        }
        for change in plan.notServed {
            logger.info("reload: \(change) (not used by the boot services)")
        }
        do {
            try await apply(plan)
        } catch {
            logger.error("reload refused: \(error); still serving with the configuration loaded before")
            return
        }
        running.withLock { $0 = plan.effective }
        reloaded.withLock { $0 = Date() }
        let applied =
            plan.live.isEmpty ? "no change to apply" : "applied " + plan.live.map(\.description).joined(separator: ", ")
        logger.info("reloaded \(loaded.file): \(applied)")
        checkLTSConf(plan.effective, reloading: true)
    }

    /// Builds everything first, so a failure leaves every service as it was; then swaps it in.
    private func apply(_ plan: ServeReloadPlan) async throws {
        let new = plan.effective
        var dhcp: DHCPServerConfiguration?
        if assembly.dhcp != nil, plan.changes(.dhcp) {
            dhcp = try server.makeDHCPConfiguration(for: new)
        }
        var tftp: TFTPDirectorySource?
        if assembly.tftp != nil, plan.changes(.tftp) {
            tftp = try server.makeTFTPSource(for: new)
        }
        var nbd: ([NBDExportDefinition], NBDSwapExportDefinition?)?
        if assembly.nbd != nil, plan.changes(.nbd) {
            nbd = try server.makeNBDExports(for: new)
        }
        if let dhcp, let server = assembly.dhcp {
            do {
                try await server.reconfigure(dhcp)
            } catch {
                throw BootServerError.configuration("DHCP: \(error)")
            }
        }
        if let tftp { assembly.tftp?.current = tftp }
        if let (exports, swap) = nbd { assembly.nbd?.replaceExports(exports, swap: swap) }
        // Sessions and languages installed since the start are offered from now on.
        assembly.ldminfo?.replaceCatalog(server.makeLDMInfoCatalog())
    }

    /// lts.conf is read from disk for every request; here it is parsed so a mistake shows in the log now.
    private func checkLTSConf(_ configuration: ServerConfiguration, reloading: Bool) {
        let path = server.root.resolve(configuration.ltsConfPath)
        guard TextFile.exists(path) else {
            if reloading { logger.info("lts.conf: none at \(path)") }
            return
        }
        do {
            let document = try LTSConfParser().parseFile(path)
            if reloading {
                logger.info("lts.conf \(path): \(document.sections.count) section(s); clients read it from now on")
            }
        } catch {
            logger.warning("lts.conf: \(error) (clients get the file as it is)")
        }
    }
}
