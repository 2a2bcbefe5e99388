import ArgumentParser
import Foundation
import LTSPConfig
import NetworkValues

/// `kiwi-ltsp info CLIENT`: the lts.conf variables one client gets, with the section that set each.
public struct InfoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the lts.conf variables a client gets."
    )

    @OptionGroup public var global: GlobalOptions

    @Argument(help: ArgumentHelp("The client's MAC address, IPv4 address or hostname.", valueName: "client"))
    public var client: String

    @Option(
        name: .customLong("lts-conf"),
        help: ArgumentHelp(
            "lts.conf to read, taken under --root (default: <TFTP_ROOT>/KIWI/lts.conf).", valueName: "file"))
    public var ltsConf: String?

    @Option(help: "table, shell (KEY=\"value\" and export lines, like getltscfg -a) or json.")
    public var format: OutputFormat = .table

    @Option(help: "The client's IPv4 address too, when CLIENT is its MAC or hostname.")
    public var ip: String?

    @Option(help: "The client's MAC address too.")
    public var mac: String?

    @Option(help: "The client's hostname too.")
    public var hostname: String?

    @Option(help: ArgumentHelp("Show the variables as screen NN sees them (SCREEN_NN_* overrides).", valueName: "NN"))
    public var screen: String?

    @Option(name: .customLong("cmdline"), help: "A kernel command line whose ltsp.KEY=value words override.")
    public var commandLine: String?

    public init() {}

    public func validate() throws {
        if let ip, IPv4Address(ip) == nil { throw ValidationError("--ip \(ip) is not an IPv4 address") }
        if let mac, NetworkNames.normalizedMAC(mac) == nil {
            throw ValidationError("--mac \(mac) is not a MAC address such as 52:54:00:12:34:56")
        }
        if let screen, screen.count != 2 || !screen.allSatisfy(\.isNumber) {
            throw ValidationError("--screen takes two digits, such as 07")
        }
    }

    var identity: ClientIdentity {
        var identity = ClientIdentity(parsing: client)
        if let ip { identity.ipAddress = IPv4Address(ip) }
        if let mac { identity.mac = NetworkNames.normalizedMAC(mac) }
        if let hostname { identity.hostname = hostname }
        return identity
    }

    func ltsConfPath() -> String {
        if let ltsConf {
            return global.rootDirectory.resolve(
                ltsConf.hasPrefix("/")
                    ? ltsConf : FileManager.default.currentDirectoryPath + "/" + ltsConf)
        }
        let configuration = global.loader().load().configuration
        return global.rootDirectory.resolve(configuration.ltsConfPath)
    }

    public func run() async throws {
        let path = ltsConfPath()
        let document: LTSConfDocument
        do {
            document = try LTSConfParser().parseFile(path)
        } catch {
            throw CommandError(error.description)
        }
        var resolution = LTSConfResolver(document: document).resolve(for: identity)
        if let screen { resolution = resolution.forScreen(screen) }
        if let commandLine { resolution = resolution.applyingKernelCommandLine(commandLine) }
        for note in resolution.notes { FileHandle.standardError.write(Data("warning: \(note)\n".utf8)) }
        print(try InfoRenderer(identity: identity, resolution: resolution, file: path).render(format), terminator: "")
    }
}
