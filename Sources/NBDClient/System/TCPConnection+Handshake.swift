extension TCPConnection {
    /// Runs the handshake for `exportName` over this connection, each read bounded by `timeout` seconds, and leaves
    /// the connection in the transmission phase.
    public func negotiate(exportName: String, timeout: Int) throws(NBDClientError) -> NBDExportInfo {
        var handshake = try NBDClientHandshake(exportName: exportName, server: self.server)
        self.setIOTimeout(seconds: max(timeout, 5))
        defer { self.setIOTimeout(seconds: 0) }
        var received: [UInt8] = []
        while true {
            switch try handshake.receive(received) {
            case .receiveMore:
                switch try self.receive() {
                case .bytes(let bytes): received = bytes
                case .closed: throw handshake.connectionEnded()
                case .timedOut: throw handshake.connectionEnded("did not answer within \(max(timeout, 5)) s")
                }
            case .send(let bytes):
                try self.send(bytes)
                received = []
            case .finished(let info):
                return info
            }
        }
    }

    /// proto.md "`NBD_CMD_DISC`": ends a session politely, so a probe does not show up as an error in server logs.
    public func disconnect() {
        try? self.send(NBDClientMessage.disconnect.bytes)
    }
}
