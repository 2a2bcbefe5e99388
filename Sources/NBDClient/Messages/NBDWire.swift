/// The numbers of the NBD protocol (proto.md of the NetworkBlockDevice project) that a client needs. The server side
/// keeps its own typed copies in the `NBD` module; this module stays free of NIO and Foundation, so it repeats them.
public enum NBDWire {
    /// proto.md "Newstyle negotiation": `NBDMAGIC`, the first 8 bytes the server sends.
    public static let initialMagic: UInt64 = 0x4e42_444d_4147_4943
    /// proto.md "Newstyle negotiation": `IHAVEOPT`, after `NBDMAGIC` from the server and before every client option.
    public static let optionMagic: UInt64 = 0x4948_4156_454f_5054
    /// proto.md "Oldstyle negotiation": the second magic of an oldstyle server, which we do not speak.
    public static let oldstyleMagic: UInt64 = 0x0000_4202_8186_1253
    /// proto.md "Fixed newstyle negotiation": the magic of every option reply.
    public static let optionReplyMagic: UInt64 = 0x0003_e889_0455_65a9
    /// proto.md "Request message": `NBD_REQUEST_MAGIC`.
    public static let requestMagic: UInt32 = 0x2560_9513

    /// proto.md "Handshake flags": `NBD_FLAG_FIXED_NEWSTYLE`.
    public static let handshakeFixedNewstyle: UInt16 = 1 << 0
    /// proto.md "Handshake flags": `NBD_FLAG_NO_ZEROES`.
    public static let handshakeNoZeroes: UInt16 = 1 << 1
    /// proto.md "Client flags": `NBD_FLAG_C_FIXED_NEWSTYLE`.
    public static let clientFixedNewstyle: UInt32 = 1 << 0
    /// proto.md "Client flags": `NBD_FLAG_C_NO_ZEROES`.
    public static let clientNoZeroes: UInt32 = 1 << 1

    /// proto.md "Option types": `NBD_OPT_EXPORT_NAME`.
    public static let optionExportName: UInt32 = 1
    /// proto.md "Option types": `NBD_OPT_GO`.
    public static let optionGo: UInt32 = 7

    /// proto.md "`NBD_REP_INFO`": `NBD_INFO_EXPORT`, size and transmission flags.
    public static let infoExport: UInt16 = 0
    /// proto.md "`NBD_REP_INFO`": `NBD_INFO_BLOCK_SIZE`, minimum, preferred and maximum block size.
    public static let infoBlockSize: UInt16 = 3

    /// proto.md "Transmission flags": `NBD_FLAG_READ_ONLY`.
    public static let transmissionReadOnly: UInt16 = 1 << 1

    /// proto.md "Request types": `NBD_CMD_DISC`.
    public static let commandDisconnect: UInt16 = 2

    /// proto.md "Conventions": names and strings are at most 4096 bytes; a server MAY refuse longer ones.
    public static let maximumStringLength = 4096
    /// The largest option reply payload this client reads. Replies to `NBD_OPT_GO` are a few bytes, error messages at
    /// most 4096; anything bigger is a broken or hostile server, refused before any allocation.
    public static let maximumReplyLength = 65_536
    /// How many replies to one `NBD_OPT_GO` we read before calling the server broken: there are four kinds of
    /// `NBD_INFO`, each worth sending once.
    public static let maximumRepliesPerOption = 64
}
