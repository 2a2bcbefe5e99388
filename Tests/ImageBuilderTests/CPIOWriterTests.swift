import Foundation
import ImageBuilder
import Testing
import TestSupport

/// The newc writer's archives as the real cpio(1) and bsdtar(1) read them.
struct CPIOWriterTests {
    static let entries: [CPIOEntry] = [
        CPIOEntry(path: "bin", kind: .directory),
        CPIOEntry(path: "bin/busybox", kind: .file(Array("#!/bin/sh\necho hi\n".utf8)), permissions: 0o755),
        CPIOEntry(path: "bin/sh", kind: .symlink("busybox")),
        CPIOEntry(path: "dev", kind: .directory),
        CPIOEntry(path: "dev/console", kind: .characterDevice(major: 5, minor: 1)),
        CPIOEntry(path: "/etc", kind: .directory),
        CPIOEntry(path: "etc/odd name with spaces.txt", kind: .file(Array(repeating: 0x41, count: 4097))),
        CPIOEntry(path: "etc/empty", kind: .file([])),
    ]
    static let names = [
        "bin", "bin/busybox", "bin/sh", "dev", "dev/console", "etc", "etc/odd name with spaces.txt",
        "etc/empty",
    ]

    func archiveFile() throws -> String {
        let directory = try BuiltProducts.scratchDirectory("cpio")
        let path = directory + "/test.cpio"
        try Data(CPIOWriter.archive(Self.entries)).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func headerFieldsAndPaddingFollowNewc() {
        let bytes = CPIOWriter.archive([CPIOEntry(path: "a", kind: .file([1, 2, 3]))])
        #expect(String(decoding: bytes[0..<6], as: UTF8.self) == "070701")
        // mode 0100644, nlink 1, filesize 3, namesize 2 ("a" + NUL)
        #expect(String(decoding: bytes[14..<22], as: UTF8.self) == "000081A4")
        #expect(String(decoding: bytes[54..<62], as: UTF8.self) == "00000003")
        #expect(String(decoding: bytes[94..<102], as: UTF8.self) == "00000002")
        // 110-byte header + "a\0" = 112 (aligned), data 3 bytes padded to 4
        #expect(Array(bytes[112..<116]) == [1, 2, 3, 0])
        #expect(bytes.count % 4 == 0)
        #expect(String(decoding: bytes, as: UTF8.self).contains("TRAILER!!!"))
    }

    @Test func cpioAndBsdtarListTheSameMembers() throws {
        try RequiredTool.require(["cpio", "bsdtar"], needsRoot: false)
        let path = try archiveFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let cpio = try Command.run(["sh", "-c", "cpio -t < '\(path)'"])
        #expect(cpio.succeeded, "\(cpio.stderr)")
        let bsdtar = try Command.run(["bsdtar", "-tf", path])
        #expect(bsdtar.succeeded, "\(bsdtar.stderr)")
        let cpioNames = cpio.stdout.split(separator: "\n").map(String.init)
        let bsdtarNames = bsdtar.stdout.split(separator: "\n").map(String.init)
        #expect(cpioNames == Self.names)
        #expect(bsdtarNames == Self.names)
    }

    @Test func cpioExtractsContentsModesAndLinks() throws {
        try RequiredTool.require(["cpio"], needsRoot: false)
        let path = try archiveFile()
        let directory = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let verbose = try Command.run(["sh", "-c", "cpio -tv < '\(path)'"])
        #expect(verbose.stdout.contains("crw-------"), "\(verbose.stdout)")
        #expect(verbose.stdout.contains("bin/sh -> busybox"), "\(verbose.stdout)")
        let extract = try Command.run([
            "sh", "-c",
            "mkdir -p '\(directory)/x' && cd '\(directory)/x' && cpio -id --no-absolute-filenames < '\(path)' 2>&1",
        ])
        #expect(extract.succeeded, "\(extract.stdout)")
        #expect(try String(contentsOfFile: directory + "/x/bin/busybox", encoding: .utf8) == "#!/bin/sh\necho hi\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/x/bin/busybox")
        #expect((attributes[.posixPermissions] as? Int) == 0o755)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/x/etc/odd name with spaces.txt")).count == 4097)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/x/bin/sh") == "busybox")
    }
}
