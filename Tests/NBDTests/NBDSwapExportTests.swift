import Foundation
import NBD
import NIOCore
import Testing

@Suite struct NBDSwapExportTests {
    @Test func eachOpenIsAPrivateUnlinkedSparseFile() throws {
        let image = try TestImage("swap-export")
        defer { image.remove() }
        let export = NBDSwapExport(NBDSwapExportDefinition(directory: image.directory, size: 64 << 20))
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
        let export = NBDSwapExport(NBDSwapExportDefinition(directory: "/nonexistent/kiwi", size: 1 << 20))
        #expect(throws: NBDError.self) { try export.open() }
    }
}
