import Foundation

/// Bytes from readable hex text: whitespace ignored, `#` starts a comment line.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined().filter(\.isHexDigit)
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex, let next = digits.index(index, offsetBy: 2, limitedBy: digits.endIndex) {
        bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }

/// A fixture next to this file's folder: `Tests/DHCPTests/Fixtures/NAME`.
func fixtureBytes(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/\(name)")
    return hexBytes(try String(contentsOf: url, encoding: .utf8))
}
