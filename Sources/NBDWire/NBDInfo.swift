/// The payload of one `NBD_REP_INFO` reply (proto.md "`NBD_REP_INFO` (3)"): a 16-bit information type, then fields
/// whose length the type fixes.
public enum NBDInfo: Hashable, Sendable, NBDEncodable {
    /// `NBD_INFO_EXPORT`: 64-bit size, 16-bit transmission flags.
    case export(size: UInt64, flags: NBDTransmissionFlags)
    /// `NBD_INFO_NAME`: the canonical name of the export.
    case name(String)
    /// `NBD_INFO_DESCRIPTION`: text for a person.
    case description(String)
    /// `NBD_INFO_BLOCK_SIZE`: minimum, preferred and maximum block sizes (the maximum bounds request payloads).
    case blockSize(minimum: UInt32, preferred: UInt32, maximum: UInt32)

    public var type: NBDInfoType {
        switch self {
        case .export: .export
        case .name: .name
        case .description: .description
        case .blockSize: .blockSize
        }
    }

    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        bytes.appendBigEndian(self.type.rawValue)
        switch self {
        case .export(let size, let flags):
            bytes.appendBigEndian(size)
            bytes.appendBigEndian(flags.rawValue)
        case .name(let text), .description(let text):
            bytes.append(contentsOf: text.utf8)
        case .blockSize(let minimum, let preferred, let maximum):
            bytes.appendBigEndian(minimum)
            bytes.appendBigEndian(preferred)
            bytes.appendBigEndian(maximum)
        }
    }

    /// The whole payload of one reply; `nil` for an information type this codec does not know, which proto.md has a
    /// client ignore. A payload too short for its type, or a fixed-size type of another size, throws.
    public static func decode<Bytes: RandomAccessCollection<UInt8>>(
        _ payload: Bytes
    ) throws(NBDWireError) -> NBDInfo? where Bytes.Index == Int {
        var reader = NBDByteReader(payload)
        guard let type = reader.read(UInt16.self) else {
            throw .badLength("NBD_REP_INFO", length: payload.count, expected: nil)
        }
        switch NBDInfoType(rawValue: type) {
        case .export:
            guard reader.remaining == 10, let size = reader.read(UInt64.self), let flags = reader.read(UInt16.self)
            else { throw .badLength("NBD_INFO_EXPORT", length: payload.count, expected: 12) }
            return .export(size: size, flags: NBDTransmissionFlags(rawValue: flags))
        case .name:
            return .name(reader.readString(reader.remaining) ?? "")
        case .description:
            return .description(reader.readString(reader.remaining) ?? "")
        case .blockSize:
            guard reader.remaining == 12, let minimum = reader.read(UInt32.self),
                let preferred = reader.read(UInt32.self), let maximum = reader.read(UInt32.self)
            else { throw .badLength("NBD_INFO_BLOCK_SIZE", length: payload.count, expected: 14) }
            return .blockSize(minimum: minimum, preferred: preferred, maximum: maximum)
        default:
            return nil
        }
    }
}
