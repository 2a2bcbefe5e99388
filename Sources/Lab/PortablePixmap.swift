import Foundation

/// A binary PPM (P6) image, as qemu's screendump writes it: enough to tell a drawn screen from an empty one.
public struct PortablePixmap: Sendable {
    public var width: Int
    public var height: Int
    /// RGB triples, row by row.
    public var pixels: [UInt8]

    public init(bytes: [UInt8]) throws {
        var index = 0
        func token() throws -> String {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                } else if bytes[index] == 0x20 || bytes[index] == 0x0a || bytes[index] == 0x0d || bytes[index] == 0x09 {
                    index += 1
                } else {
                    break
                }
            }
            let start = index
            while index < bytes.count, ![0x20, 0x0a, 0x0d, 0x09].contains(bytes[index]) { index += 1 }
            guard index > start else { throw LabError("PPM: header cut short") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        guard try token() == "P6", let width = Int(try token()), let height = Int(try token()),
            try token() == "255", width > 0, height > 0
        else { throw LabError("PPM: not a P6 image with 8-bit samples") }
        index += 1
        guard bytes.count - index >= width * height * 3 else { throw LabError("PPM: pixel data cut short") }
        self.width = width
        self.height = height
        pixels = Array(bytes[index..<index + width * height * 3])
    }

    public init(contentsOf path: String) throws {
        try self.init(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// How many different colours the image has (up to `limit`).
    public func colourCount(limit: Int = 1000) -> Int {
        var seen: Set<UInt32> = []
        var index = 0
        while index + 2 < pixels.count && seen.count < limit {
            seen.insert(UInt32(pixels[index]) << 16 | UInt32(pixels[index + 1]) << 8 | UInt32(pixels[index + 2]))
            index += 3
        }
        return seen.count
    }
}
