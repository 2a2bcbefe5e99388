import Glibc

/// Writes straight to a descriptor: no stdio buffer to flush before `fork`, and no C global that Swift 6 counts as
/// shared mutable state.
public enum Console {
    public static func write(_ text: String, to descriptor: Int32 = 2) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
