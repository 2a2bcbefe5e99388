import Foundation
import TestSupport

/// Files with known content for export tests, in a scratch directory removed at the end.
struct TestImage {
    let directory: String

    init(_ label: String) throws {
        self.directory = try BuiltProducts.scratchDirectory("nbd-\(label)")
    }

    func path(_ name: String) -> String { "\(self.directory)/\(name)" }

    /// Writes `size` pseudo-random bytes (fast: a repeated random MiB with the block number stamped in).
    @discardableResult
    func write(_ name: String, size: Int, seed: UInt8 = 1) throws -> String {
        let path = self.path(name)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var generator = SplitMix(seed: UInt64(seed))
        let block = 1 << 20
        var pattern = [UInt8](repeating: 0, count: block)
        for index in pattern.indices { pattern[index] = UInt8(truncatingIfNeeded: generator.next()) }
        var remaining = size
        var number: UInt32 = 0
        while remaining > 0 {
            let count = min(block, remaining)
            withUnsafeBytes(of: number.bigEndian) { stamp in
                for (index, byte) in stamp.enumerated() where index < count { pattern[index] = byte }
            }
            try handle.write(contentsOf: pattern[0..<count])
            remaining -= count
            number += 1
        }
        return path
    }

    /// The file's bytes, for small files.
    func contents(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: self.path(name)))
    }

    func sha256(_ path: String) throws -> String {
        let result = try Command.run(["sha256sum", path])
        return String(result.stdout.prefix(64))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.directory)
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
