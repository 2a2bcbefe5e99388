/// The magic numbers of proto.md; each one opens a message and tells the phase it belongs to.
public enum NBDMagic {
    /// proto.md "Newstyle negotiation": `NBDMAGIC`, the first 8 bytes the server sends.
    public static let initial: UInt64 = 0x4e42_444d_4147_4943
    /// proto.md "Newstyle negotiation": `IHAVEOPT`, sent by the server after `NBDMAGIC` and by the client before
    /// every option.
    public static let option: UInt64 = 0x4948_4156_454F_5054
    /// proto.md "Oldstyle negotiation": the second magic of an oldstyle server, which has no export names.
    public static let oldstyle: UInt64 = 0x0000_4202_8186_1253
    /// proto.md "Fixed newstyle negotiation": the magic of every option reply.
    public static let optionReply: UInt64 = 0x0003_e889_0455_65a9
    /// proto.md "Request message": `NBD_REQUEST_MAGIC`.
    public static let request: UInt32 = 0x2560_9513
    /// proto.md "Simple reply message": `NBD_SIMPLE_REPLY_MAGIC`.
    public static let simpleReply: UInt32 = 0x6744_6698
}
