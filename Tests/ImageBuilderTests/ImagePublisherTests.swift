import Foundation
import ImageBuilder
import Testing
import TestSupport

/// Publishing keeps the previous file as `.old`, revert swaps them, and a reader of the old image keeps reading it.
struct ImagePublisherTests {
    @Test func publishKeepsThePreviousAndRevertSwapsBack() throws {
        let directory = try BuiltProducts.scratchDirectory("publish")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = directory + "/amd64.img"
        func stage(_ text: String) throws {
            try text.write(toFile: ImagePublisher.stagingPath(for: image), atomically: false, encoding: .utf8)
        }
        func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

        try stage("first")
        try ImagePublisher.publish(image)
        #expect(read(image) == "first")
        #expect(read(image + ".old") == nil)

        let reader = open(image, O_RDONLY)
        defer { close(reader) }
        try stage("second")
        try ImagePublisher.publish(image)
        #expect(read(image) == "second")
        #expect(read(image + ".old") == "first")
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = pread(reader, &buffer, buffer.count, 0)
        #expect(String(decoding: buffer[0..<max(count, 0)], as: UTF8.self) == "first", "the open image stays")
        #expect(!FileManager.default.fileExists(atPath: ImagePublisher.stagingPath(for: image)))

        _ = try ImageBuild.revert(paths: [image])
        #expect(read(image) == "first")
        #expect(read(image + ".old") == "second")
        _ = try ImageBuild.revert(paths: [image])
        #expect(read(image) == "second")
    }

    @Test func revertWithoutAPreviousImageSaysSo() throws {
        let directory = try BuiltProducts.scratchDirectory("revert")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: ImageBuildError.nothingToRevert(directory + "/amd64.img.old")) {
            try ImageBuild.revert(paths: [directory + "/amd64.img", directory + "/linux-ltsp"])
        }
    }
}
