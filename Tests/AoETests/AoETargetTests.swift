import AoE
import Testing

/// The target as a pure function of hand-made frames (AoEr11): what it answers, with which status, and what it drops.
struct AoETargetTests {
    static let sectors: UInt64 = 1000

    static func target(configString: [UInt8] = Array("kiwi".utf8)) -> AoETarget {
        AoETarget(.init(shelf: 7, slot: 3, sectorsPerCommand: 2, bufferCount: 16, configString: configString))
    }

    /// `frame` through `target` (the macros cannot call a mutating method themselves).
    static func answer(_ target: inout AoETarget, _ frame: [UInt8], sectors: UInt64 = sectors) -> AoEReply? {
        target.handle(frame, imageSectors: sectors)
    }

    /// The response's header and ATA arguments.
    static func ata(_ reply: AoEReply?) -> (header: AoEHeader, ata: AoEATAArguments)? {
        guard let bytes = reply?.bytes, let header = AoEHeader(decoding: bytes),
            let ata = AoEATAArguments(decoding: bytes.dropFirst(AoEHeader.size))
        else { return nil }
        return (header, ata)
    }

    @Test func configQueryOnBroadcastIsAnsweredWithTheTargetsAddressAndLimits() throws {
        var target = Self.target()
        let reply = try #require(Self.answer(&target, AoEFrames.config(0)))
        let header = try #require(AoEHeader(decoding: reply.bytes))
        #expect(header.isResponse && header.error == nil && header.version == 1)
        #expect(header.shelf == 7 && header.slot == 3 && header.command == 1 && header.tag == 9)
        let config = try #require(AoEConfigArguments(decoding: reply.bytes.dropFirst(AoEHeader.size)))
        #expect(config.bufferCount == 16 && config.sectorsPerCommand == 2 && config.version == 1)
        #expect(config.string == Array("kiwi".utf8))
        #expect(reply.sectors == nil)
    }

    @Test func identifyDeviceGivesLBA48AndTheCapacity() throws {
        var target = Self.target()
        let reply = try #require(Self.answer(&target, AoEFrames.ata(command: 0xec), sectors: 0x1_2345_6789))
        let (header, ata) = try #require(Self.ata(reply))
        #expect(header.tag == 0x1122_3344 && header.isResponse)
        #expect(ata.commandOrStatus == 0x40 && ata.errorOrFeature == 0)
        let page = Array(reply.bytes.dropFirst(AoEHeader.size + AoEATAArguments.size))
        #expect(page.count == 512)
        func word(_ index: Int) -> UInt16 { UInt16(page[2 * index]) | UInt16(page[2 * index + 1]) << 8 }
        #expect(word(83) & 1 << 10 != 0 && word(86) & 1 << 10 != 0 && word(49) & 1 << 9 != 0)
        let capacity = (0..<4).reduce(UInt64(0)) { $0 | UInt64(word(100 + $1)) << UInt64(16 * $1) }
        #expect(capacity == 0x1_2345_6789)
        #expect(UInt32(word(60)) | UInt32(word(61)) << 16 == 0x0fff_ffff)
    }

    @Test(arguments: [true, false])
    func readAsksForTheSectorsInRange(extended: Bool) throws {
        var target = Self.target()
        let reply = try #require(
            Self.answer(
                &target, AoEFrames.ata(command: extended ? 0x24 : 0x20, sectors: 2, lba: 998, extended: extended)))
        #expect(reply.sectors == 998..<1000)
        let (_, ata) = try #require(Self.ata(reply))
        #expect(ata.commandOrStatus == 0x40 && ata.lba == 998 && ata.sectorCount == 2)
    }

    @Test(arguments: [
        (UInt64(999), UInt8(2), UInt8(0x10)),  // past the end
        (UInt64(1000), UInt8(1), UInt8(0x10)),
        (UInt64(1) << 47, UInt8(1), UInt8(0x10)),
        (UInt64(0), UInt8(3), UInt8(0x04)),  // more sectors than a frame holds
        (UInt64(0), UInt8(0), UInt8(0x04)),
    ])
    func readsOutOfRangeOrTooLargeFailWithAnATAError(lba: UInt64, count: UInt8, error: UInt8) throws {
        var target = Self.target()
        let reply = try #require(
            Self.answer(&target, AoEFrames.ata(command: 0x24, sectors: count, lba: lba)))
        let (header, ata) = try #require(Self.ata(reply))
        #expect(header.error == nil && ata.commandOrStatus == 0x41 && ata.errorOrFeature == error)
        #expect(reply.sectors == nil && reply.bytes.count == AoEHeader.size + AoEATAArguments.size)
    }

    @Test(arguments: [UInt8(0x30), 0x34, 0xc5, 0x25, 0x00])
    func writesAndUnknownATACommandsAreAborted(command: UInt8) throws {
        var target = Self.target()
        let frame = AoEFrames.ata(command: command, sectors: 1, write: command == 0x30 || command == 0x34)
        let (_, ata) = try #require(Self.ata(Self.answer(&target, frame)))
        #expect(ata.commandOrStatus == 0x41 && ata.errorOrFeature == 0x04)
    }

    @Test func flushAndPowerModeSucceed() throws {
        var target = Self.target()
        for command: UInt8 in [0xe7, 0xea, 0xe5] {
            let (_, ata) = try #require(Self.ata(Self.answer(&target, AoEFrames.ata(command: command), sectors: 8)))
            #expect(ata.commandOrStatus == 0x40, "command \(command)")
        }
    }

    @Test func framesNotForThisTargetOrNotRequestsAreDropped() {
        var target = Self.target()
        let dropped: [[UInt8]] = [
            [],
            Array(AoEFrames.config(0).prefix(9)),  // short header
            AoEFrames.ata(command: 0xec, shelf: 8),  // another shelf
            AoEFrames.ata(command: 0xec, slot: 4),  // another slot
            AoEFrames.header(flags: 0x08, command: 1) + [UInt8](repeating: 0, count: 8),  // a response
            AoEFrames.header(shelf: 0xffff, slot: 0xff, command: 2),  // unknown command, broadcast
            AoEFrames.header(version: 2, shelf: 0xffff, slot: 0xff, command: 1),  // other version, broadcast
            Array(AoEFrames.config(0).prefix(14)),  // config arguments cut short, broadcast
        ]
        for frame in dropped { #expect(Self.answer(&target, frame) == nil, "\(frame)") }
    }

    @Test(arguments: [
        (AoEFrames.header(command: 2), AoEError.unrecognizedCommand),
        (AoEFrames.header(command: 0x7f), .unrecognizedCommand),
        (AoEFrames.header(version: 2, command: 1), .unsupportedVersion),
        (AoEFrames.header(command: 0) + [0x40, 0, 1], .badArgument),  // ATA arguments cut short
        (AoEFrames.config(7, shelf: 7, slot: 3), .badArgument),  // no such config subcommand
        (AoEFrames.header(shelf: 7, slot: 3, command: 1) + [0, 0, 0, 0, 0, 0x10, 0xff, 0xff], .badArgument),
    ])
    func malformedRequestsToThisTargetGetAnAoEError(frame: [UInt8], error: AoEError) throws {
        var target = Self.target()
        let reply = try #require(Self.answer(&target, frame))
        let header = try #require(AoEHeader(decoding: reply.bytes))
        #expect(header.isResponse && header.flags & AoEHeader.errorFlag != 0 && header.error == error)
        #expect(header.tag == AoEHeader(decoding: frame)?.tag)
        #expect(reply.bytes.count == AoEHeader.size)
    }

    @Test func configTestPrefixSetAndForceSet() throws {
        var target = Self.target()
        #expect(Self.answer(&target, AoEFrames.config(1, string: Array("kiwi".utf8)), sectors: 1) != nil)
        #expect(Self.answer(&target, AoEFrames.config(1, string: Array("kiw".utf8)), sectors: 1) == nil)
        #expect(Self.answer(&target, AoEFrames.config(2, string: Array("ki".utf8)), sectors: 1) != nil)
        #expect(Self.answer(&target, AoEFrames.config(2, string: Array("x".utf8)), sectors: 1) == nil)
        let refused = try #require(Self.answer(&target, AoEFrames.config(3, string: Array("other".utf8)), sectors: 1))
        #expect(AoEHeader(decoding: refused.bytes)?.error == .configStringPresent)
        _ = Self.answer(&target, AoEFrames.config(4, string: Array("other".utf8)), sectors: 1)
        #expect(target.settings.configString == Array("other".utf8))
        var empty = Self.target(configString: [])
        _ = Self.answer(&empty, AoEFrames.config(3, string: Array("set".utf8)), sectors: 1)
        #expect(empty.settings.configString == Array("set".utf8))
    }

    @Test(arguments: [(1500, 2), (9000, 17), (576, 1), (200_000, 255)])
    func sectorsPerCommandFollowTheMTU(mtu: Int, sectors: Int) {
        #expect(Int(AoETarget.Settings.sectorsPerCommand(mtu: mtu)) == sectors)
    }
}
