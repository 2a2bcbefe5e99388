/// The file a request target names (RFC 9112 §3.2): origin form `/KIWI/linux-ltsp?x` or absolute form
/// `http://server:8069/KIWI/linux-ltsp`, query and fragment dropped, percent-escapes decoded (RFC 3986 §2.1). What
/// comes out is a name for the same confinement as TFTP's (no `..`, no control characters, nothing outside the
/// root); here only what cannot be a name at all is refused: a malformed escape, an escaped NUL, invalid UTF-8.
public enum HTTPRequestTarget {
    public enum Failure: Error, Equatable, Sendable {
        case notAPath(String)
        case badEscape(String)
    }

    public static func fileName(_ target: String) throws(Failure) -> String {
        var path = Substring(target)
        if !path.hasPrefix("/"), let colon = path.firstIndex(of: ":"), path[colon...].hasPrefix("://") {
            let afterAuthority = path[path.index(colon, offsetBy: 3)...]
            path = afterAuthority.firstIndex(of: "/").map { afterAuthority[$0...] } ?? "/"
        }
        guard path.hasPrefix("/") else { throw .notAPath(target) }
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        var bytes: [UInt8] = []
        var iterator = Array(path.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .badEscape(target)
            }
            let decoded = high << 4 | low
            guard decoded != 0 else { throw .badEscape(target) }
            bytes.append(decoded)
        }
        guard let name = String(validating: bytes, as: UTF8.self) else { throw .badEscape(target) }
        return name
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
