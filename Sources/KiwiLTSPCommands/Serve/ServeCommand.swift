import ArgumentParser
import BootServer
import Foundation
import LTSPConfig
import Logging

/// `kiwi-ltsp serve`: the boot services in one foreground process, logging to stderr, stopped by SIGINT/SIGTERM,
/// reloaded by SIGHUP; `kiwi-ltsp status` asks it over `<root>/run/kiwi-ltsp/serve.sock`.
public struct ServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the boot services (DHCP, TFTP, NBD) in the foreground."
    )

    @OptionGroup public var global: GlobalOptions

    @Option(
        help: ArgumentHelp(
            "Run only these services, comma-separated (\(BootService.allCases.map(\.rawValue).joined(separator: ", "))).",
            valueName: "services"))
    public var only: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    public var logLevel: LogLevel = .info

    public init() {}

    public func validate() throws {
        if let only, case .failure(let error) = BootService.parseList(only) {
            throw ValidationError("--only: \(error)")
        }
    }

    public func run() async throws {
        let loader = global.loader()
        let loaded = loader.load()
        let statusSocketPath = global.rootDirectory.resolve(StatusSocket.path)
        if loaded.isValid, ServiceAccount.shouldBecome(loaded.configuration.serveUser) {
            // The same command again as the service user; it prints the configuration's warnings itself.
            do {
                let account = try ServiceAccount.ensure(loaded.configuration.serveUser)
                try account.takeOver([
                    global.rootDirectory.resolve(loaded.configuration.stateDirectory),
                    (statusSocketPath as NSString).deletingLastPathComponent,
                ])
                try account.become(arguments: CommandLine.arguments)
            } catch let error as BootServerError {
                throw CommandError(error.description)
            }
        }
        for diagnostic in loaded.diagnostics {
            FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
        }
        guard loaded.isValid else {
            throw CommandError("the configuration has errors; nothing was started (see `kiwi-ltsp config check`)")
        }
        let level = logLevel.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let services =
            try only.map { try BootService.parseList($0).get() }
            ?? BootService.defaults(for: loaded.configuration)
        let logger = Logger(label: "kiwi-ltsp")
        logger.info("running as \(ServiceAccount.describeCurrent())")
        for warning in DerivedRecord.warnings(root: global.rootDirectory, settings: loaded.settings) {
            logger.warning("\(warning)")
        }
        let server = BootServer(
            configuration: loaded.configuration, root: global.rootDirectory,
            network: loader.network, services: services,
            logger: logger, configurationFile: loaded.file,
            statusSocketPath: statusSocketPath,
            reloadConfiguration: { loader.load() })
        do {
            try await server.run()
        } catch let error as BootServerError {
            throw CommandError(error.description)
        }
    }
}

/// `--log-level`: swift-log's levels by their names (a type of ours, so no conformance of swift-log's type is added
/// from here).
public enum LogLevel: String, CaseIterable, ExpressibleByArgument, Sendable {
    case trace, debug, info, notice, warning, error, critical

    public var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}
