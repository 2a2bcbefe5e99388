/// proto.md "Request message": the 28-byte header of a transmission request. The payload of `NBD_CMD_WRITE`
/// follows it on the wire and is read separately, once the state machine has accepted its length.
public struct NBDRequest: Hashable, Sendable {
    /// The size of the header on the wire.
    public static let headerSize = 28

    public var flags: NBDCommandFlags
    public var command: NBDCommand
    /// Chosen by the client and echoed in the reply; replies may go out in any order.
    public var handle: UInt64
    public var offset: UInt64
    public var length: UInt32

    public init(flags: NBDCommandFlags = [], command: NBDCommand, handle: UInt64, offset: UInt64, length: UInt32) {
        self.flags = flags
        self.command = command
        self.handle = handle
        self.offset = offset
        self.length = length
    }
}
