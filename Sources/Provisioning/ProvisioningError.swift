import Foundation
import Glibc
import LTSPConfig
import SystemSupport

/// Errors of the provisioning module: each says what went wrong, where, and what to do about it.
public enum ProvisioningError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A boot loader file is not on the host; `package` is the Debian package that ships it.
    case missingBootLoader(path: String, package: String)
    /// The configuration cannot be rendered (e.g. no server address).
    case unusableConfiguration(String)
    case io(path: String, operation: String, errno: Int32)
    /// A step of the plan failed; earlier steps stay applied (and recorded for `--undo`), nothing is half-written.
    case stepFailed(step: String, reason: String)
    case commandFailed(command: String, status: Int32, output: String)
    case manifest(path: String, line: Int, message: String)
    case nothingToUndo(manifest: String)

    public var description: String {
        switch self {
        case .missingBootLoader(let path, let package):
            return "\(path) is missing: install the Debian package \(package) (apt-get install \(package))"
        case .unusableConfiguration(let message):
            return "configuration: \(message)"
        case .io(let path, let operation, let code):
            return "\(path): cannot \(operation): \(String(cString: strerror(code)))"
        case .stepFailed(let step, let reason):
            return "step '\(step)' failed: \(reason); the file is untouched (earlier steps are applied and "
                + "recorded for `kiwi-ltsp configure --undo`); fix the cause and rerun"
        case .commandFailed(let command, let status, let output):
            let detail = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`\(command)` exited \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case .manifest(let path, let line, let message):
            return "\(path):\(line): \(message); the manifest is written by `kiwi-ltsp configure`, do not edit it"
        case .nothingToUndo(let manifest):
            return "\(manifest) does not exist: nothing was installed by `kiwi-ltsp configure` under this root"
        }
    }

    init(_ error: LTSPConfigError) {
        self = .unusableConfiguration(error.description)
    }

    init(_ error: SystemError) {
        self = .io(path: error.path, operation: error.operation, errno: error.errno)
    }
}
