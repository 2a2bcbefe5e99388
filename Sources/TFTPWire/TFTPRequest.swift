/// The body of a read (RRQ) or write (WRQ) request.
///
/// RFC 1350 §5: `| opcode | filename | 0 | mode | 0 |`, extended by RFC 2347 with option pairs after the mode.
public struct TFTPRequest: Sendable, Hashable {
    public var fileName: String
    public var mode: TFTPTransferMode
    public var options: [TFTPOption]

    public init(fileName: String, mode: TFTPTransferMode, options: [TFTPOption] = []) {
        self.fileName = fileName
        self.mode = mode
        self.options = options
    }

    /// The value of the first option called `name` (case-insensitive), if the request carried it.
    public func option(_ name: String) -> String? {
        let wanted = name.lowercased()
        return self.options.first { $0.name == wanted }?.value
    }
}
