/// Everything this client sends: the flags after the greeting, two options, and the disconnect request.
public enum NBDClientMessage: Hashable, Sendable {
    /// proto.md "Client flags": 32 bits answering the server's handshake flags.
    case clientFlags(UInt32)
    /// proto.md "`NBD_OPT_GO` (7)": the export name and the information requests (`NBD_INFO_*` types).
    case go(exportName: String, information: [UInt16])
    /// proto.md "`NBD_OPT_EXPORT_NAME` (1)": the export name is the whole option data.
    case exportName(String)
    /// proto.md "`NBD_CMD_DISC` (2)": a request with no reply, after which the server closes the connection.
    case disconnect

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        switch self {
        case .clientFlags(let flags):
            bytes.appendBigEndian(flags)
        case .go(let name, let information):
            var data: [UInt8] = []
            data.appendBigEndian(UInt32(name.utf8.count))
            data.append(contentsOf: name.utf8)
            data.appendBigEndian(UInt16(information.count))
            for type in information { data.appendBigEndian(type) }
            Self.appendOption(NBDWire.optionGo, data: data, to: &bytes)
        case .exportName(let name):
            Self.appendOption(NBDWire.optionExportName, data: Array(name.utf8), to: &bytes)
        case .disconnect:
            bytes.appendBigEndian(NBDWire.requestMagic)
            bytes.appendBigEndian(UInt16(0))  // command flags
            bytes.appendBigEndian(NBDWire.commandDisconnect)
            bytes.appendBigEndian(UInt64(0))  // handle
            bytes.appendBigEndian(UInt64(0))  // offset
            bytes.appendBigEndian(UInt32(0))  // length
        }
        return bytes
    }

    /// proto.md "Fixed newstyle negotiation": `IHAVEOPT`, option, length, data.
    private static func appendOption(_ option: UInt32, data: [UInt8], to bytes: inout [UInt8]) {
        bytes.appendBigEndian(NBDWire.optionMagic)
        bytes.appendBigEndian(option)
        bytes.appendBigEndian(UInt32(data.count))
        bytes.append(contentsOf: data)
    }
}
