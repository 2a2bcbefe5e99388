import Foundation
import LDMInfo
import NIOCore

extension BootServer {
    /// The info service on every address of the host (IPv6 and IPv4) at LDMINFO_PORT: ldm asks each login server,
    /// and an application server that boots no clients runs only this (`serve --only ldminfo`).
    func makeLDMInfoServer() throws -> LDMInfoServer {
        let configuration: LDMInfoServerConfiguration
        do {
            configuration = try .wildcard(port: Int(self.configuration.ldminfoPort))
        } catch {
            throw BootServerError.configuration("LDMINFO_PORT \(self.configuration.ldminfoPort): \(error)")
        }
        let catalog = makeLDMInfoCatalog()
        let logger = serviceLogger("ldminfo")
        let xsession = catalog.fixed.xsession.map { ", \($0)" } ?? ", no Xsession script"
        logger.info(
            "ldminfo: \(catalog.fixed.sessions.count) X session(s), \(catalog.fixed.languages.count) language(s)\(xsession)"
        )
        return LDMInfoServer(configuration: configuration, catalog: catalog, logger: logger)
    }

    func makeLDMInfoCatalog() -> LDMInfoCatalog {
        LDMInfoCatalog(root: root, environmentLanguage: ProcessInfo.processInfo.environment["LANG"])
    }
}
