import Testing
import NBDClient

struct NBDExportInfoTests {
    @Test(
        arguments: [
            (nil, 4096), (512, 512), (1024, 1024), (2048, 2048), (4096, 4096), (8192, 4096), (256, 4096), (1000, 4096),
            (0, 4096), (UInt32.max, 4096),
        ] as [(UInt32?, UInt32)])
    func kernelBlockSizeIsThePreferredOneWhenTheKernelTakesIt(preferred: UInt32?, blockSize: UInt32) {
        #expect(
            NBDExportInfo(size: 1 << 20, transmissionFlags: 1, preferredBlockSize: preferred).kernelBlockSize
                == blockSize)
    }

    @Test(arguments: [(UInt16(0x0001), false), (0x0003, true), (0x0143, true), (0x0141, false)])
    func readOnlyIsBitOne(flags: UInt16, readOnly: Bool) {
        #expect(NBDExportInfo(size: 0, transmissionFlags: flags).isReadOnly == readOnly)
    }
}
