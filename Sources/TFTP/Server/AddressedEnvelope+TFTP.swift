import NIOCore
import TFTPWire

extension AddressedEnvelope where DataType == ByteBuffer {
    /// An envelope carrying one encoded TFTP packet.
    init(packet: TFTPServerPacket, to remoteAddress: SocketAddress, allocator: ByteBufferAllocator) {
        var buffer = allocator.buffer(capacity: 32)
        buffer.writeTFTPPacket(packet)
        self.init(remoteAddress: remoteAddress, data: buffer)
    }

    /// RFC 1350 §4: a packet from a wrong TID is answered with error 5 and does not disturb the transfer. An ERROR
    /// packet is never answered (RFC 1350 §7), so two confused hosts cannot bounce errors forever.
    static func unknownTransferIDReply(to envelope: Self, allocator: ByteBufferAllocator) -> Self? {
        let opcode = envelope.data.getInteger(at: envelope.data.readerIndex, as: UInt16.self)
        guard opcode != TFTPOpcode.error.rawValue else { return nil }
        let error = TFTPErrorPacket(code: .unknownTransferID, message: "Unknown transfer ID")
        return AddressedEnvelope(packet: .error(error), to: envelope.remoteAddress, allocator: allocator)
    }
}
