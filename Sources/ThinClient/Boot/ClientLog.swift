import Glibc
import SystemSupport

/// The client's voice on the console: the ready line on stdout, problems on stderr, each line prefixed
/// `ltsp-client: `. Lines go straight to the descriptors with write(2), unbuffered, so the order on a shared console
/// is the order of events and nothing waits in a buffer while the client supervises screens.
public struct ClientLog: Sendable {
    public init() {}

    public func error(_ message: String) { Self.write("ltsp-client: \(message)\n", to: STDERR_FILENO) }

    public func output(_ message: String) { Self.write("ltsp-client: \(message)\n", to: STDOUT_FILENO) }

    public static func write(_ text: String, to descriptor: Int32) {
        DescriptorIO.writeAll(text, to: descriptor)
    }
}
