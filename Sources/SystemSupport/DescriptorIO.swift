import Glibc
/// Whole writes to a descriptor (a console, a pipe, a terminal): write(2) until every byte is out, through EINTR.
public enum DescriptorIO {
    /// False when the descriptor refused (closed pipe, hung-up terminal) before everything was written.
    @discardableResult
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    @discardableResult
    public static func writeAll(_ text: String, to descriptor: Int32) -> Bool {
        writeAll(Array(text.utf8), to: descriptor)
    }
}

extension DescriptorIO {
    /// A pipe whose two ends are closed on exec (our children get only what ProcessSpawn hands them); nil on failure.
    public static func makePipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }
}
