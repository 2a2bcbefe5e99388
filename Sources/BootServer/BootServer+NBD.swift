import LTSPConfig
import NBD
import NIOCore
import SystemSupport

extension BootServer {
    /// The root image `<IMAGE_DIR>/<ARCH>.img` exported as `<ARCH>` and under its path (as the seed's clients
    /// asked for it), the same for each of EXTRA_ARCHES, plus the per-client swap export. Attaches and detaches go
    /// to the timeline.
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
        let (exports, swap) = try makeNBDExports(for: configuration)
        let timeline = self.timeline
        return NBDServer(
            configuration: NBDServerConfiguration(
                bindAddresses: [address], exports: exports, swap: swap,
                maxConnections: configuration.limits.nbdMaxConnections,
                maxSwapExports: configuration.limits.nbdMaxSwapExports),
            logger: serviceLogger("nbd"), onEvent: { timeline.nbd($0) })
    }

    /// The exports `configuration` describes (the running one, or a reloaded one).
    func makeNBDExports(for configuration: ServerConfiguration) throws
        -> ([NBDExportDefinition], NBDSwapExportDefinition?)
    {
        let exports = configuration.arches.map { arch in
            let path = configuration.imagePath(arch: arch)
            let image = root.resolve(path)
            if !TextFile.exists(image) {
                let build =
                    arch == configuration.arch ? "kiwi-ltsp image build" : "kiwi-ltsp image build --arch \(arch)"
                logger.warning("NBD: no image at \(image) yet; build it with `\(build)`")
            }
            return NBDExportDefinition(
                name: arch, aliases: [path], path: image,
                description: "\(configuration.imageDistribution) \(arch) root image")
        }
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
        return (exports, swap)
    }
}
