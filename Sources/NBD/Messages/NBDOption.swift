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
}

/// The data of `NBD_OPT_INFO` and `NBD_OPT_GO` (proto.md "`NBD_OPT_INFO` (6)"): an export name and the `NBD_INFO_*`
/// types the client would like to receive.
public struct NBDExportQuery: Hashable, Sendable {
    public var name: String
    public var requestedInformation: [NBDInfoType]

    public init(name: String, requestedInformation: [NBDInfoType]) {
        self.name = name
        self.requestedInformation = requestedInformation
    }
}
