/// The AoE header after the Ethernet addresses and type (AoEr11 §2): version and flags, error, shelf (major), slot
/// (minor), command and a tag the target echoes.
public struct AoEHeader: Hashable, Sendable {
    /// The size on the wire, without the Ethernet header.
    public static let size = 10
    /// AoEr11 §2.1: the protocol version this target speaks (iPXE ignores replies with another).
    public static let version: UInt8 = 1
    /// AoEr11 §2.2: the R flag, set in every response.
    public static let responseFlag: UInt8 = 0x08
    /// AoEr11 §2.2: the E flag, set when `error` says why the command failed.
    public static let errorFlag: UInt8 = 0x04
    /// AoEr11 §2.4: a request to every shelf.
    public static let broadcastShelf: UInt16 = 0xffff
    /// AoEr11 §2.5: a request to every slot.
    public static let broadcastSlot: UInt8 = 0xff

    public var version: UInt8
    public var flags: UInt8
    public var error: AoEError?
    public var shelf: UInt16
    public var slot: UInt8
    public var command: UInt8
    public var tag: UInt32

    public init(
        version: UInt8 = Self.version, flags: UInt8 = 0, error: AoEError? = nil, shelf: UInt16, slot: UInt8,
        command: UInt8, tag: UInt32
    ) {
        self.version = version
        self.flags = flags
        self.error = error
        self.shelf = shelf
        self.slot = slot
        self.command = command
        self.tag = tag
    }

    public var isResponse: Bool { flags & Self.responseFlag != 0 }

    /// Whether a request with this address is for the target at `shelf`.`slot` (or for every target).
    public func addresses(shelf: UInt16, slot: UInt8) -> Bool {
        (self.shelf == shelf || self.shelf == Self.broadcastShelf)
            && (self.slot == slot || self.slot == Self.broadcastSlot)
    }

    /// The response to this request from the target at `shelf`.`slot`: R set, the tag echoed; E and the error code
    /// when `error` is given.
    public func response(shelf: UInt16, slot: UInt8, error: AoEError? = nil) -> AoEHeader {
        AoEHeader(
            flags: Self.responseFlag | (error == nil ? 0 : Self.errorFlag), error: error, shelf: shelf, slot: slot,
            command: command, tag: tag)
    }

    public func encode(into bytes: inout [UInt8]) {
        bytes.append(version << 4 | flags & 0x0f)
        bytes.append(error?.rawValue ?? 0)
        bytes.append(UInt8(shelf >> 8))
        bytes.append(UInt8(shelf & 0xff))
        bytes.append(slot)
        bytes.append(command)
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: tag >> UInt32(shift)))
        }
    }

    /// The header at the start of `bytes`, or nil when they are too few.
    public init?(decoding bytes: some RandomAccessCollection<UInt8>) {
        guard bytes.count >= Self.size else { return nil }
        let b = Array(bytes.prefix(Self.size))
        version = b[0] >> 4
        flags = b[0] & 0x0f
        error = b[1] == 0 ? nil : AoEError(rawValue: b[1]) ?? .unrecognizedCommand
        shelf = UInt16(b[2]) << 8 | UInt16(b[3])
        slot = b[4]
        command = b[5]
        tag = UInt32(b[6]) << 24 | UInt32(b[7]) << 16 | UInt32(b[8]) << 8 | UInt32(b[9])
    }
}
