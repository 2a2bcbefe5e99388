import HTTPFiles
import NIOCore

extension BootServer {
    /// The TFTP root over HTTP on HTTP_PORT at the TFTP listen addresses, through the same confined source (a reload
    /// of TFTP_ROOT moves both). Every GET goes to the timeline.
    func makeHTTPServer(source: ReloadableTFTPSource) throws -> HTTPFileServer {
        let addresses = try configuration.tftpListen.map { text in
            do {
                return try SocketAddress(ipAddress: text, port: Int(configuration.httpPort))
            } catch {
                throw BootServerError.configuration(
                    "HTTP: cannot listen on \(text):\(configuration.httpPort): \(error)")
            }
        }
        guard !addresses.isEmpty else {
            throw BootServerError.configuration("HTTP has no address to listen on; set SERVER_IP or TFTP_LISTEN")
        }
        let timeline = self.timeline
        return HTTPFileServer(
            configuration: HTTPFileServerConfiguration(bindAddresses: addresses), source: source,
            logger: serviceLogger("http"), onTransfer: { timeline.http($0) })
    }
}
