import ArgumentParser
import Foundation

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP during the demo set a flag the demo's loop checks, so it can stop the
/// virtual machine and the server and remove the namespaces before it exits.
enum DemoInterrupt {
    nonisolated(unsafe) private static var received: sig_atomic_t = 0

    static func install() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { _ in DemoInterrupt.received = 1 }
        }
    }

    static var wasReceived: Bool { received != 0 }

    /// What the shell reports for a command ended by Ctrl-C.
    static let exitCode = ExitCode(130)
}
