/// Where the export is: the server, the export name, and how long to keep trying to reach it.
public struct NBDTarget: Hashable, Sendable {
    public var host: String
    public var port: UInt16
    /// proto.md: the empty name is the server's default export.
    public var exportName: String
    /// Seconds to keep retrying the connection, and the bound on each handshake read.
    public var timeout: Int

    public init(host: String, port: UInt16, exportName: String = "", timeout: Int = 30) {
        self.host = host
        self.port = port
        self.exportName = exportName
        self.timeout = timeout
    }
}
