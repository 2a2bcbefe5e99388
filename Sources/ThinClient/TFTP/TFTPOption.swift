/// One RFC 2347 option: a name and a value, both NUL-terminated ASCII on the wire. Names compare case-insensitively.
public struct TFTPOption: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// RFC 2348: the block size a client asks for; 1468 fills an Ethernet frame (1500 - 20 IP - 8 UDP - 4 TFTP).
    public static let blockSizeName = "blksize"
}
