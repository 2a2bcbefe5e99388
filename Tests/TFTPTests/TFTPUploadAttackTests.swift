import CKiwiSystem
import Foundation
import Testing
import TestSupport

@testable import TFTP

/// Uploads (WRQ, with writes allowed) under hostile names and through a symlink race: nothing is ever created
/// outside the root.
@Suite(.serialized)
struct TFTPUploadAttackTests {
    static let marker = "KIWI-UPLOAD-ATTACK-\(UInt32.random(in: 0..<UInt32.max))\n"

    /// WRQ `name`, then one short DATA block when the server acknowledges: true when the upload was accepted.
    static func upload(_ name: [UInt8], port: Int) async -> Bool {
        let client = UDPProbe(timeoutMilliseconds: 1000)
        client.send([0, 2] + name + [0] + Array("octet".utf8) + [0], port: port)
        guard let reply = await client.receive(), reply.bytes.starts(with: [0, 4, 0, 0]) else { return false }
        client.send([0, 3, 0, 1] + Array(Self.marker.utf8), port: reply.port)
        guard let done = await client.receive() else { return false }
        return done.bytes.starts(with: [0, 4, 0, 1])
    }

    /// Regular files under `directory` (not below `excluding`) that hold the marker.
    static func markedFiles(under directory: String, excluding: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = directory + "/" + relative
            if path.hasPrefix(excluding + "/") || relative.hasPrefix(".") && relative.contains(".build") {
                walker.skipDescendants()
                continue
            }
            guard let attributes = walker.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular,
                (attributes[.size] as? Int ?? 0) == marker.utf8.count,
                let text = try? String(contentsOfFile: path, encoding: .utf8), text == marker
            else { continue }
            found.append(path)
        }
        return found
    }

    @Test func hostileUploadNamesAndASymlinkRaceCreateNothingOutsideTheRoot() async throws {
        let outside = FileManager.default.temporaryDirectory.path + "/tftp-upload-outside-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let server = try await TestServer.start(
            configure: { $0.allowWrites = true },
            populate: { root in
                try FileManager.default.createDirectory(atPath: root + "/race/dir", withIntermediateDirectories: true)
                try FileManager.default.createDirectory(atPath: root + "/KIWI", withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: root + "/race/link", withDestinationPath: outside)
                try FileManager.default.createSymbolicLink(atPath: root + "/escape-dir", withDestinationPath: outside)
            })
        let names = HostileTFTPNames.all
        var accepted = 0
        for name in names where await Self.upload(name, port: server.port) { accepted += 1 }

        // The race: a thread swaps race/dir and the symlink race/link while uploads into race/dir arrive.
        let root = open(server.root, kiwi_o_path | O_DIRECTORY)
        try #require(root >= 0)
        defer { close(root) }
        let stop = Flag()
        let swapper = Thread {
            while !stop.isSet { _ = kiwi_rename_exchange(root, "race/dir", "race/link") }
        }
        swapper.start()
        var raced = 0
        for index in 0..<2000 where await Self.upload(Array("race/dir/up-\(index)".utf8), port: server.port) {
            raced += 1
        }
        stop.set()
        while !swapper.isFinished { usleep(1000) }
        try await server.stop()

        print(
            "TFTP hostile uploads: \(names.count) names, \(accepted) accepted inside the root; race: \(raced) of 2000")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty, "an upload landed outside")
        let parent = (server.root as NSString).deletingLastPathComponent
        #expect(Self.markedFiles(under: parent, excluding: server.root).isEmpty)
        #expect(raced > 0, "some race uploads went into the real directory")
    }
}

/// A flag one thread sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
