import NBDWire
import Testing
@testable import NBDClient

struct NBDClientMessageTests {
    @Test func clientFlags() {
        #expect(NBDClientMessage.clientFlags([.fixedNewstyle, .noZeroes]).bytes == [0, 0, 0, 3])
    }

    @Test func goWithTheDefaultExportAndNoInformationRequests() {
        #expect(
            NBDClientMessage.go(exportName: "", information: []).bytes == [
                0x49, 0x48, 0x41, 0x56, 0x45, 0x4f, 0x50, 0x54, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x06,
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            ])
    }

    @Test func exportNameCarriesTheNameAsItsWholeData() {
        #expect(
            NBDClientMessage.exportName("x86").bytes == [
                0x49, 0x48, 0x41, 0x56, 0x45, 0x4f, 0x50, 0x54, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03,
                0x78, 0x38, 0x36,
            ])
    }

    @Test func goCountsTheNameInUTF8Bytes() {
        let bytes = NBDClientMessage.go(exportName: "é", information: [.blockSize]).bytes
        #expect(Array(bytes[16..<22]) == [0, 0, 0, 2, 0xc3, 0xa9])
    }

    @Test func disconnectIsA28ByteRequest() {
        #expect(
            NBDClientMessage.disconnect.bytes == [
                0x25, 0x60, 0x95, 0x13, 0x00, 0x00, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0,
            ])
    }
}
