/// The per-client swap export, from configuration: each connection gets its own sparse file of `size` bytes in
/// `directory`, gone when the connection ends.
public struct NBDSwapExportDefinition: Hashable, Sendable {
    public var name: String
    public var directory: String
    public var size: UInt64

    public init(name: String = "swap", directory: String, size: UInt64) {
        self.name = name
        self.directory = directory
        self.size = size
    }
}
