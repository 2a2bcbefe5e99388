import NBDWire

/// What the handshake learned about the export: enough to configure the kernel's nbd device.
public struct NBDExportInfo: Hashable, Sendable {
    /// Size in bytes.
    public var size: UInt64
    /// proto.md "Transmission flags", passed to the kernel unchanged (`NBD_SET_FLAGS`).
    public var transmissionFlags: UInt16
    /// proto.md "`NBD_INFO_BLOCK_SIZE`": the server's preferred block size, when it sent one.
    public var preferredBlockSize: UInt32?

    public init(size: UInt64, transmissionFlags: UInt16, preferredBlockSize: UInt32? = nil) {
        self.size = size
        self.transmissionFlags = transmissionFlags
        self.preferredBlockSize = preferredBlockSize
    }

    public var isReadOnly: Bool { NBDTransmissionFlags(rawValue: self.transmissionFlags).contains(.readOnly) }

    /// The block size for `NBD_SET_BLKSIZE`: the server's preferred size when the kernel accepts it as a logical
    /// block size (a power of two from 512 to the 4096 page size), else 4096 as nbd-client does.
    public var kernelBlockSize: UInt32 {
        guard let preferred = self.preferredBlockSize, (512...4096).contains(preferred),
            preferred & (preferred - 1) == 0
        else { return 4096 }
        return preferred
    }
}
