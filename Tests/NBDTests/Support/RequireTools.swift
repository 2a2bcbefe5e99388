import Testing
import TestSupport

/// True when the integration test may run; outside CI a missing tool skips with the reason printed, in CI it fails.
func toolsAvailable(_ names: [String]) -> Bool {
    guard let reason = RequiredTool.missing(names, needsRoot: false) else { return true }
    if RequiredTool.isCI {
        Issue.record("CI=true and \(reason): install libnbd-bin qemu-utils nbdkit nbd-server")
    } else {
        print("skipping: \(reason) (apt-get install -y libnbd-bin qemu-utils nbdkit nbd-server)")
    }
    return false
}
