import Glibc
import SystemSupport

/// ldm's lines on the console (ltsp-client gives ldm its own standard error, which the image sends to the console
/// and the journal): `ldm: ...`, written unbuffered so they interleave in order with ltsp-client's. Never a password.
public struct LDMLog: Sendable {
    public var prefix: String

    public init(prefix: String = "ldm") {
        self.prefix = prefix
    }

    public func info(_ message: String) { write("\(prefix): \(message)\n") }

    public func error(_ message: String) { write("\(prefix): error: \(message)\n") }

    private func write(_ text: String) {
        DescriptorIO.writeAll(text, to: STDERR_FILENO)
    }
}
