import NBDWire

/// Everything this client sends: the flags after the greeting, two options, and the disconnect request, each
/// encoded by NBDWire.
public enum NBDClientMessage: Hashable, Sendable {
    /// proto.md "Client flags": 32 bits answering the server's handshake flags.
    case clientFlags(NBDClientFlags)
    /// proto.md "`NBD_OPT_GO` (7)": the export name and the information requests (`NBD_INFO_*` types).
    case go(exportName: String, information: [NBDInfoType])
    /// proto.md "`NBD_OPT_EXPORT_NAME` (1)": the export name is the whole option data.
    case exportName(String)
    /// proto.md "`NBD_CMD_DISC` (2)": a request with no reply, after which the server closes the connection.
    case disconnect

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        switch self {
        case .clientFlags(let flags):
            flags.encode(into: &bytes)
        case .go(let name, let information):
            var data: [UInt8] = []
            NBDExportQuery(name: name, requestedInformation: information).encode(into: &data)
            Self.appendOption(.go, data: data, to: &bytes)
        case .exportName(let name):
            Self.appendOption(.exportName, data: Array(name.utf8), to: &bytes)
        case .disconnect:
            NBDRequest(command: .disconnect, handle: 0, offset: 0, length: 0).encode(into: &bytes)
        }
        return bytes
    }

    /// proto.md "Fixed newstyle negotiation": `IHAVEOPT`, option, length, data.
    private static func appendOption(_ option: NBDOptionCode, data: [UInt8], to bytes: inout [UInt8]) {
        NBDOptionHeader(code: option, length: UInt32(data.count)).encode(into: &bytes)
        bytes.append(contentsOf: data)
    }
}
