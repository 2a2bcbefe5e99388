/// Everything the server sends before transmission starts.
public enum NBDHandshakeMessage: Hashable, Sendable, NBDEncodable {
    /// proto.md "Newstyle negotiation": `NBDMAGIC`, `IHAVEOPT`, 16 bits of handshake flags.
    case greeting(NBDHandshakeFlags)
    /// proto.md "Fixed newstyle negotiation": a reply to one option.
    case optionReply(NBDOptionReply)
    /// proto.md "Newstyle negotiation": the answer to `NBD_OPT_EXPORT_NAME`: size, transmission flags, and 124 zero
    /// bytes unless the client set `NBD_FLAG_C_NO_ZEROES`.
    case exportNameReply(size: UInt64, flags: NBDTransmissionFlags, zeroes: Bool)

    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        switch self {
        case .greeting(let flags):
            NBDGreeting(flags: flags).encode(into: &bytes)
        case .optionReply(let reply):
            reply.encode(into: &bytes)
        case .exportNameReply(let size, let flags, let zeroes):
            NBDExportNameReply(size: size, flags: flags).encode(into: &bytes, zeroes: zeroes)
        }
    }
}
