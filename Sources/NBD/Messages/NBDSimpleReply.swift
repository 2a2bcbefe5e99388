/// proto.md "Simple reply message": magic, error, handle; a successful `NBD_CMD_READ` reply is followed by the data.
public struct NBDSimpleReply: Hashable, Sendable {
    /// The size of the header on the wire.
    public static let headerSize = 16

    public var error: NBDErrorCode
    public var handle: UInt64

    public init(error: NBDErrorCode = .success, handle: UInt64) {
        self.error = error
        self.handle = handle
    }
}
