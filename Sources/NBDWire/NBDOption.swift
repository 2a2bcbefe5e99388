/// A client option of the fixed newstyle handshake (proto.md "Option types"), decoded as far as this server needs.
public enum NBDOption: Hashable, Sendable {
    /// `NBD_OPT_EXPORT_NAME`: the whole option data is the export name.
    case exportName(String)
    /// `NBD_OPT_ABORT`.
    case abort
    /// `NBD_OPT_LIST`; proto.md: data MUST be empty, else `NBD_REP_ERR_INVALID`.
    case list(dataLength: UInt32)
    /// `NBD_OPT_INFO` with the export name and the information types the client asked for.
    case info(NBDExportQuery)
    /// `NBD_OPT_GO`, the same data as `NBD_OPT_INFO`.
    case go(NBDExportQuery)
    /// An `NBD_OPT_INFO` or `NBD_OPT_GO` whose data does not parse; answered `NBD_REP_ERR_INVALID`.
    case malformed(NBDOptionCode)
    /// Any other option, including `NBD_OPT_STRUCTURED_REPLY` and `NBD_OPT_STARTTLS`; answered `NBD_REP_ERR_UNSUP`.
    case unsupported(NBDOptionCode)

    /// The option code this value was read from, echoed in every reply.
    public var code: NBDOptionCode {
        switch self {
        case .exportName: .exportName
        case .abort: .abort
        case .list: .list
        case .info: .info
        case .go: .go
        case .malformed(let code), .unsupported(let code): code
        }
    }

    /// The option its header and its whole data make; never fails, since data an option cannot carry is answered,
    /// not fatal.
    public static func decode<Bytes: RandomAccessCollection<UInt8>>(_ header: NBDOptionHeader, data: Bytes) -> NBDOption
    where Bytes.Index == Int {
        switch header.code {
        case .exportName:
            return .exportName(String(decoding: data, as: UTF8.self))
        case .abort:
            return .abort
        case .list:
            return .list(dataLength: header.length)
        case .info, .go:
            guard let query = NBDExportQuery.decode(data) else { return .malformed(header.code) }
            return header.code == .go ? .go(query) : .info(query)
        default:
            return .unsupported(header.code)
        }
    }
}
