/// An ERROR packet.
///
/// RFC 1350 §5: `| 05 | ErrorCode | ErrMsg | 0 |`. It is never acknowledged or retransmitted and ends the transfer.
public struct TFTPErrorPacket: Sendable, Hashable {
    public var code: TFTPErrorCode
    public var message: String

    public init(code: TFTPErrorCode, message: String) {
        self.code = code
        self.message = message
    }
}
