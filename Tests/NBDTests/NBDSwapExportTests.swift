import Foundation
import NBD
import NIOCore
import Testing

@Suite struct NBDSwapExportTests {
    @Test func eachOpenIsAPrivateUnlinkedSparseFile() throws {
        let image = try TestImage("swap-export")
        defer { image.remove() }
        let export = NBDSwapExport(
            NBDSwapExportDefinition(directory: image.directory, size: 64 << 20),
            slots: NBDSwapSlots(limit: 2))
        let first = try export.open()
        defer { first.close() }
        let second = try export.open()
        defer { second.close() }
        #expect(first.size == 64 << 20)
        #expect(first.flags.contains(.sendFlush) && !first.flags.contains(.readOnly))
        #expect(!first.flags.contains(.canMultiConn))
        // Created then unlinked at once: nothing is left in the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: image.directory).isEmpty)

        try first.write(ByteBuffer(bytes: [1, 2, 3]), at: 1000)
        try first.writeZeroes(offset: 1001, length: 1, mayPunchHole: false)
        try first.trim(offset: 0, length: 4096)
        try first.persist()
    }

    @Test func missingDirectoryThrowsNBDError() {
        let slots = NBDSwapSlots(limit: 1)
        let export = NBDSwapExport(
            NBDSwapExportDefinition(directory: "/nonexistent/kiwi", size: 1 << 20),
            slots: slots)
        #expect(throws: NBDError.self) { try export.open() }
        #expect(slots.count == 0)
    }

    @Test func slotsCapTheOpenSwapFilesAndComeBackOnClose() throws {
        let image = try TestImage("swap-slots")
        defer { image.remove() }
        let slots = NBDSwapSlots(limit: 2)
        let export = NBDSwapExport(NBDSwapExportDefinition(directory: image.directory, size: 1 << 20), slots: slots)
        let first = try export.open()
        let second = try export.open()
        #expect(slots.count == 2)
        #expect(throws: NBDError.self) { try export.open() }
        first.close()
        first.close()  // a second close gives nothing back twice
        #expect(slots.count == 1)
        let third = try export.open()
        #expect(slots.count == 2)
        second.close()
        third.close()
        #expect(slots.count == 0)
    }
}
