import NIOCore

/// A file held in memory, for generated content (per-client configuration, menus).
public struct TFTPMemoryFile: TFTPFile {
    public var contents: ByteBuffer

    public init(contents: ByteBuffer) {
        self.contents = contents
    }

    public init(_ string: String) {
        self.contents = ByteBuffer(string: string)
    }

    public var size: Int64 { Int64(self.contents.readableBytes) }

    public func read(into buffer: inout ByteBuffer, offset: Int64, count: Int) throws -> Int {
        guard offset >= 0, offset < self.size, count > 0 else { return 0 }
        let length = min(count, self.contents.readableBytes - Int(offset))
        guard let slice = self.contents.getSlice(at: self.contents.readerIndex + Int(offset), length: length) else {
            return 0
        }
        return buffer.writeImmutableBuffer(slice)
    }
}
