/// One read-only AoE target (AoEr11) as a pure function of the request and the image's size: which frames to answer
/// and with what. The I/O glue (``AoEServer``) reads the sectors a reply asks for from the image.
///
/// Requests: config query (read, test, prefix; set and force set change the string in memory), ATA IDENTIFY DEVICE,
/// READ SECTORS (EXT), FLUSH CACHE (EXT) and CHECK POWER MODE. Writes are refused with an ATA abort (the image is
/// shared and read-only), as is every other ATA command. Responses, frames for other targets and truncated frames
/// are dropped; an unknown AoE command gets error 1 only when it names this target (a broadcast is not answered).
public struct AoETarget: Sendable {
    public struct Settings: Hashable, Sendable {
        public var shelf: UInt16
        public var slot: UInt8
        /// The most sectors per ATA command: (MTU − 36) / 512, at most 255.
        public var sectorsPerCommand: UInt8
        /// How many commands a client may keep outstanding.
        public var bufferCount: UInt16
        public var configString: [UInt8]
        public var serial: String

        public init(
            shelf: UInt16, slot: UInt8, sectorsPerCommand: UInt8, bufferCount: UInt16 = 64, configString: [UInt8] = [],
            serial: String = "kiwi-ltsp"
        ) {
            self.shelf = shelf
            self.slot = slot
            self.sectorsPerCommand = sectorsPerCommand
            self.bufferCount = bufferCount
            self.configString = configString
            self.serial = serial
        }

        /// AoEr11 §3.1: the AoE and ATA headers take 36 bytes of a frame's payload (with the 14-byte Ethernet
        /// header counted: 14 + 10 + 12); the rest carries whole sectors.
        public static func sectorsPerCommand(mtu: Int) -> UInt8 {
            UInt8(clamping: max(1, (mtu - 36) / 512))
        }
    }

    /// ATA status: device ready; with ERR when the error register says why.
    static let ready: UInt8 = 0x40
    static let failed: UInt8 = 0x41
    /// ATA error register: command aborted; sector not found.
    static let aborted: UInt8 = 0x04
    static let notFound: UInt8 = 0x10

    enum ATACommand {
        static let readSectors: UInt8 = 0x20
        static let readSectorsExtended: UInt8 = 0x24
        static let writeSectors: UInt8 = 0x30
        static let writeSectorsExtended: UInt8 = 0x34
        static let checkPowerMode: UInt8 = 0xe5
        static let flushCache: UInt8 = 0xe7
        static let flushCacheExtended: UInt8 = 0xea
        static let identifyDevice: UInt8 = 0xec
    }

    public private(set) var settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    /// `frame` (the AoE header onwards) as a request for this target; nil for a short frame, a response, or a
    /// request for another target, which are dropped unanswered.
    public func accept(_ frame: [UInt8]) -> AoERequest? {
        guard let header = AoEHeader(decoding: frame), !header.isResponse,
            header.addresses(shelf: settings.shelf, slot: settings.slot)
        else { return nil }
        return AoERequest(
            header: header, arguments: frame.dropFirst(AoEHeader.size),
            isExact: header.shelf == settings.shelf && header.slot == settings.slot)
    }

    /// The reply to `frame` for an image of `imageSectors` 512-byte sectors; nil to drop it.
    public mutating func handle(_ frame: [UInt8], imageSectors: UInt64) -> AoEReply? {
        accept(frame).flatMap { handle($0, imageSectors: imageSectors) }
    }

    /// The reply to an accepted request; nil to drop it.
    public mutating func handle(_ request: AoERequest, imageSectors: UInt64) -> AoEReply? {
        let (header, arguments, exact) = (request.header, request.arguments, request.isExact)
        guard header.version == AoEHeader.version else {
            return exact ? error(header, .unsupportedVersion) : nil
        }
        switch header.command {
        case AoECommand.ata:
            guard let ata = AoEATAArguments(decoding: arguments) else {
                return exact ? error(header, .badArgument) : nil
            }
            return self.ata(header, ata, imageSectors: imageSectors)
        case AoECommand.queryConfig:
            guard let config = AoEConfigArguments(decoding: arguments) else {
                return exact ? error(header, .badArgument) : nil
            }
            return self.config(header, config, exact: exact)
        default:
            return exact ? error(header, .unrecognizedCommand) : nil
        }
    }

    private func ata(_ header: AoEHeader, _ request: AoEATAArguments, imageSectors: UInt64) -> AoEReply {
        var reply = request
        reply.errorOrFeature = 0
        reply.commandOrStatus = Self.ready
        var sectors: Range<UInt64>?
        var data: [UInt8] = []
        switch request.commandOrStatus {
        case ATACommand.identifyDevice:
            data = ATAIdentify.page(sectors: imageSectors, serial: settings.serial, model: "kiwi-ltsp AoE root image")
        case ATACommand.readSectors, ATACommand.readSectorsExtended:
            let count = UInt64(request.sectorCount)
            let start = request.startSector
            if count == 0 || count > UInt64(settings.sectorsPerCommand) {
                (reply.commandOrStatus, reply.errorOrFeature) = (Self.failed, Self.aborted)
            } else if start >= imageSectors || imageSectors - start < count {
                (reply.commandOrStatus, reply.errorOrFeature) = (Self.failed, Self.notFound)
            } else {
                sectors = start..<start + count
            }
        case ATACommand.checkPowerMode:
            reply.sectorCount = 0xff  // active
        case ATACommand.flushCache, ATACommand.flushCacheExtended:
            break  // nothing is ever written
        default:
            // Writes included: the image is read-only.
            (reply.commandOrStatus, reply.errorOrFeature) = (Self.failed, Self.aborted)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(AoEHeader.size + AoEATAArguments.size + data.count)
        header.response(shelf: settings.shelf, slot: settings.slot).encode(into: &bytes)
        reply.encode(into: &bytes)
        return AoEReply(bytes: bytes + data, sectors: sectors)
    }

    private mutating func config(_ header: AoEHeader, _ request: AoEConfigArguments, exact: Bool) -> AoEReply? {
        let ours = settings.configString
        switch AoEConfigArguments.Subcommand(rawValue: request.subcommand) {
        case .read:
            break
        case .test:
            guard request.string == ours else { return nil }
        case .prefix:
            guard ours.starts(with: request.string) else { return nil }
        case .set:
            guard ours.isEmpty || ours == request.string else { return error(header, .configStringPresent) }
            settings.configString = request.string
        case .forceSet:
            settings.configString = request.string
        case nil:
            return exact ? error(header, .badArgument) : nil
        }
        var bytes: [UInt8] = []
        header.response(shelf: settings.shelf, slot: settings.slot).encode(into: &bytes)
        AoEConfigArguments(
            bufferCount: settings.bufferCount, firmwareVersion: 0x4019, sectorsPerCommand: settings.sectorsPerCommand,
            subcommand: request.subcommand, string: settings.configString
        ).encode(into: &bytes)
        return AoEReply(bytes: bytes)
    }

    private func error(_ header: AoEHeader, _ error: AoEError) -> AoEReply {
        var bytes: [UInt8] = []
        header.response(shelf: settings.shelf, slot: settings.slot, error: error).encode(into: &bytes)
        return AoEReply(bytes: bytes)
    }
}
