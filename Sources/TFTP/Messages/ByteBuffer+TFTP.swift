import NIOCore
import TFTPWire

/// The server's packets hold a DATA payload as a `ByteBuffer` slice of the datagram (no copy).
public typealias TFTPServerPacket = TFTPPacket<ByteBuffer>

extension ByteBuffer {
    /// Decodes one whole datagram as a TFTP packet with `TFTPWire`'s decoder.
    ///
    /// Any truncation throws ``TFTPError/truncatedPacket(field:)`` and any other malformation
    /// ``TFTPError/malformedPacket(reason:)``. On success the reader index moves past the datagram.
    public mutating func readTFTPPacket() throws(TFTPError) -> TFTPServerPacket {
        let view = self.readableBytesView
        do {
            let packet = try TFTPPacketDecoder.decode(view).mapPayload { ByteBuffer($0) }
            self.moveReaderIndex(to: self.writerIndex)
            return packet
        } catch {
            switch error {
            case .truncated(let field): throw .truncatedPacket(field: field)
            case .malformed(let reason): throw .malformedPacket(reason: reason)
            }
        }
    }

    /// Encodes `packet` at the writer index and returns the number of bytes written.
    @discardableResult
    public mutating func writeTFTPPacket(_ packet: TFTPServerPacket) -> Int {
        let written = self.writeBytes(packet.headerBytes)
        guard case .data(let data) = packet else { return written }
        return written + self.writeImmutableBuffer(data.payload)
    }
}
