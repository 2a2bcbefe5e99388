import Foundation
import NBD
import NIOCore
import Testing

@Suite struct NBDFileExportTests {
    @Test func opensReadOnlyWithSizeAndMultiConn() throws {
        let image = try TestImage("file-export")
        defer { image.remove() }
        let path = try image.write("a.img", size: 3 << 20)
        let device = try NBDFileExport(NBDExportDefinition(name: "amd64", path: path)).open()
        defer { device.close() }
        #expect(device.size == 3 << 20)
        #expect(device.flags == [.hasFlags, .readOnly, .canMultiConn])
        guard case .fileRegion(let region) = try device.read(offset: 4096, length: 512) else {
            Issue.record("reads should go out as file regions")
            return
        }
        #expect(region.readerIndex == 4096 && region.endIndex == 4608)
    }

    @Test func keepsTheOpenedInodeWhenTheFileIsReplaced() throws {
        let image = try TestImage("file-replace")
        defer { image.remove() }
        let path = try image.write("a.img", size: 1 << 20, seed: 1)
        let export = NBDFileExport(NBDExportDefinition(name: "amd64", path: path))
        let old = try export.open()
        defer { old.close() }
        try image.write("new.img", size: 2 << 20, seed: 2)
        #expect(rename(image.path("new.img"), path) == 0)
        let new = try export.open()
        defer { new.close() }
        #expect(old.size == 1 << 20)
        #expect(new.size == 2 << 20)
    }

    @Test func missingFileThrowsNBDError() {
        #expect(throws: NBDError.self) {
            try NBDFileExport(NBDExportDefinition(name: "x", path: "/nonexistent/kiwi.img")).open()
        }
    }
}
