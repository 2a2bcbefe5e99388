/// What the connection glue does after feeding the handshake the bytes it received.
public enum NBDHandshakeAction: Hashable, Sendable {
    /// Wait for more bytes from the server.
    case receiveMore
    /// Send these bytes, then wait for more from the server.
    case send([UInt8])
    /// The export is open: the connection is in the transmission phase and belongs to whoever uses the export.
    case finished(NBDExportInfo)
}
