/// Bytes that are here and are not the NBD message expected at this point; bytes not all here yet are no error (the
/// readers return `nil`). The description is a phrase for a log line or a console message.
public enum NBDWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A magic number is not the one proto.md puts there: the peer does not speak NBD, or not this phase of it.
    case badMagic(expected: UInt64, found: UInt64)
    /// A payload whose size the protocol fixes came with another: `length` bytes of `what` where `expected` belong
    /// (`nil` when the payload was too short to tell which size applies).
    case badLength(String, length: Int, expected: Int?)

    public var description: String {
        switch self {
        case .badMagic(let expected, let found):
            "\(Self.name(of: expected)) magic is 0x\(String(found, radix: 16)), not \(Self.spelling(of: expected))"
        case .badLength(let what, let length, let expected):
            "an \(what) of \(length) bytes" + (expected.map { ", not \($0)" } ?? "")
        }
    }

    private static func name(of magic: UInt64) -> String {
        switch magic {
        case NBDMagic.initial: "initial"
        case NBDMagic.option: "option"
        case NBDMagic.optionReply: "option reply"
        case UInt64(NBDMagic.request): "request"
        case UInt64(NBDMagic.simpleReply): "simple reply"
        default: "0x\(String(magic, radix: 16))"
        }
    }

    /// The two magics of the greeting are ASCII in proto.md; the others are numbers.
    private static func spelling(of magic: UInt64) -> String {
        switch magic {
        case NBDMagic.initial: "NBDMAGIC"
        case NBDMagic.option: "IHAVEOPT"
        default: "0x\(String(magic, radix: 16))"
        }
    }
}
