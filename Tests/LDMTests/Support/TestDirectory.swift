import Foundation
import TestSupport

/// A scratch directory for one test, removed when the test is done.
final class TestDirectory {
    let path: String

    init(_ label: String) throws {
        path = try BuiltProducts.scratchDirectory(label)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: "\(path)/\(name)", encoding: .utf8)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: "\(path)/\(name)") }
}
