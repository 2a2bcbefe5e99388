import Glibc
import LTSPConfig
import Provisioning
import SystemSupport

/// Errors of the image build: each names what failed and what to do. Nothing half-built is left in place of the
/// published image, kernel or initrd.
public enum ImageBuildError: Error, Equatable, CustomStringConvertible, Sendable {
    case missing(path: String, hint: String)
    case missingTool(String, package: String)
    case missingModules([String])
    case toolFailed(step: String, detail: String)
    case io(path: String, operation: String, errno: Int32)
    case nothingToRevert(String)

    public var description: String {
        switch self {
        case .missing(let path, let hint): "\(path) is missing: \(hint)"
        case .missingTool(let tool, let package): "\(tool) is not installed: apt-get install \(package)"
        case .missingModules(let names):
            "the kernel has no \(names.joined(separator: ", ")) (neither a module nor built in); the initrd needs them"
        case .toolFailed(let step, let detail): "\(step) failed: \(detail)"
        case .io(let path, let operation, let code): "\(path): cannot \(operation): \(String(cString: strerror(code)))"
        case .nothingToRevert(let path): "\(path) does not exist: there is no previous image to go back to"
        }
    }

    init(_ error: SystemError) {
        self = .io(path: error.path, operation: error.operation, errno: error.errno)
    }

    init(step: String, _ error: ProvisioningError) { self = .toolFailed(step: step, detail: error.description) }
}
