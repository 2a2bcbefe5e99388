import LTSPConfig

/// The client's voice on the console: the ready line on stdout, problems on stderr, each line prefixed
/// `ltsp-client: `. Lines go straight to the descriptors with write(2), unbuffered, so the order on a shared console
/// is the order of events and nothing waits in a buffer while the client supervises screens.
public struct ClientLog: Sendable {
    public init() {}

    public func error(_ message: String) { Self.write("ltsp-client: \(message)\n", to: STDERR_FILENO) }

    public func output(_ message: String) { Self.write("ltsp-client: \(message)\n", to: STDOUT_FILENO) }

    public static func write(_ text: String, to descriptor: Int32) {
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
