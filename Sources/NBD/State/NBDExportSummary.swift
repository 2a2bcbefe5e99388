import NBDWire

/// What the handshake tells a client about an opened export (proto.md "`NBD_REP_INFO`").
public struct NBDExportSummary: Hashable, Sendable {
    /// The canonical name, sent as `NBD_INFO_NAME`.
    public var name: String
    public var description: String
    /// Taken when the export was opened for this connection.
    public var size: UInt64
    public var flags: NBDTransmissionFlags

    public init(name: String, description: String, size: UInt64, flags: NBDTransmissionFlags) {
        self.name = name
        self.description = description
        self.size = size
        self.flags = flags
    }
}

/// One line of an `NBD_OPT_LIST` answer.
public struct NBDExportListing: Hashable, Sendable {
    public var name: String
    public var description: String

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }
}
