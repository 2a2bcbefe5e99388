import NBDWire
@testable import NBDClient

/// What an NBD server sends, built from the fields, for the table tests; the main cases also spell the bytes out.
enum ServerBytes {
    static func greeting(flags: UInt16 = 0x0003) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBigEndian(NBDMagic.initial)
        bytes.appendBigEndian(NBDMagic.option)
        bytes.appendBigEndian(flags)
        return bytes
    }

    static func reply(
        option: UInt32 = 7, type: UInt32, payload: [UInt8] = [], length: UInt32? = nil,
        magic: UInt64 = NBDMagic.optionReply
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBigEndian(magic)
        bytes.appendBigEndian(option)
        bytes.appendBigEndian(type)
        bytes.appendBigEndian(length ?? UInt32(payload.count))
        return bytes + payload
    }

    static func infoExport(size: UInt64, flags: UInt16) -> [UInt8] {
        var payload: [UInt8] = [0, 0]
        payload.appendBigEndian(size)
        payload.appendBigEndian(flags)
        return reply(type: 3, payload: payload)
    }

    static func infoBlockSize(minimum: UInt32 = 1, preferred: UInt32, maximum: UInt32 = 33_554_432) -> [UInt8] {
        var payload: [UInt8] = [0, 3]
        payload.appendBigEndian(minimum)
        payload.appendBigEndian(preferred)
        payload.appendBigEndian(maximum)
        return reply(type: 3, payload: payload)
    }

    static let ack = reply(type: 1)

    static func error(_ type: UInt32, _ message: String = "") -> [UInt8] {
        reply(type: 1 << 31 | type, payload: Array(message.utf8))
    }
}

extension NBDClientHandshake {
    /// Feeds `bytes` one at a time, as a slow network would, and returns the first action that is not `receiveMore`.
    mutating func receiveByteByByte(_ bytes: [UInt8]) throws -> NBDHandshakeAction {
        var action = NBDHandshakeAction.receiveMore
        for byte in bytes {
            action = try self.receive([byte])
            if action != .receiveMore { return action }
        }
        return action
    }
}
