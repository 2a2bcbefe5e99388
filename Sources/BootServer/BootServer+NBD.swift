import LTSPConfig
import NBD
import NIOCore

extension BootServer {
    /// The root image `<IMAGE_DIR>/<ARCH>.img` exported as `<ARCH>` and under its path (as the seed's clients
    /// asked for it), plus the per-client swap export.
    func makeNBDServer() throws -> NBDServer {
        guard let server = configuration.serverAddress else {
            throw BootServerError.configuration("NBD needs SERVER_IP")
        }
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: server.description, port: Int(configuration.nbdPort))
        } catch {
            throw BootServerError.configuration("NBD: cannot listen on \(server):\(configuration.nbdPort): \(error)")
        }
        let image = root.resolve(configuration.imagePath)
        if !TextFile.exists(image) {
            logger.warning("NBD: no image at \(image) yet; build it with `kiwi-ltsp image build`")
        }
        let export = NBDExportDefinition(name: configuration.arch, aliases: [configuration.imagePath], path: image,
                                         description: "\(configuration.imageDistribution) \(configuration.arch) root image")
        var swap: NBDSwapExportDefinition?
        if configuration.nbdSwapMiB > 0 {
            let directory = root.resolve(configuration.stateDirectory + "/swap")
            do {
                try TextFile.makeDirectories(directory)
            } catch {
                throw BootServerError.configuration("NBD swap: \(error)")
            }
            swap = NBDSwapExportDefinition(directory: directory, size: UInt64(configuration.nbdSwapMiB) << 20)
        }
        return NBDServer(configuration: NBDServerConfiguration(bindAddresses: [address], exports: [export], swap: swap),
                         logger: serviceLogger("nbd"))
    }
}
