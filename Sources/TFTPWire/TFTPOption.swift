/// One name/value pair of a request or an OACK.
///
/// RFC 2347 §"Packet Formats": options follow the mode as NUL-terminated name and value strings; names are
/// case-insensitive, so they are stored lowercased.
public struct TFTPOption: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name.lowercased()
        self.value = value
    }

    /// RFC 2348 block size.
    public static let blockSizeName = "blksize"
    /// RFC 2349 retransmission timeout in seconds.
    public static let timeoutName = "timeout"
    /// RFC 2349 transfer size.
    public static let transferSizeName = "tsize"
    /// RFC 7440 window size.
    public static let windowSizeName = "windowsize"
}
