extension TFTPPacket {
    /// DATA: block `block` carrying `payload`.
    public static func data(block: UInt16, payload: Payload) -> Self { .data(TFTPData(block: block, payload: payload)) }

    /// ACK of block `block`.
    public static func acknowledgement(block: UInt16) -> Self { .acknowledgement(TFTPAcknowledgement(block: block)) }

    /// ERROR with `code` and a message for people.
    public static func error(code: TFTPErrorCode, message: String) -> Self {
        .error(TFTPErrorPacket(code: code, message: message))
    }

    /// OACK of `options`.
    public static func optionAcknowledgement(options: [TFTPOption]) -> Self {
        .optionAcknowledgement(TFTPOptionAcknowledgement(options: options))
    }
}
