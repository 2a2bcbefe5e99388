import ArgumentParser
import SystemSupport

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP during the demo set a flag the demo's loop checks (``StopRequest``), so it can
/// stop the virtual machine and the server and remove the namespaces before it exits.
enum DemoInterrupt {
    static func install() { StopRequest.install() }

    static var wasReceived: Bool { StopRequest.received }

    /// What the shell reports for a command ended by Ctrl-C.
    static let exitCode = ExitCode(130)
}
