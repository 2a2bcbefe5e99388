import Logging
import NIOPosix

/// What every connection handler of one server shares.
struct NBDConnectionEnvironment: Sendable {
    var catalog: NBDExportCatalog
    var maximumPayload: UInt32
    var logger: Logger
    var onEvent: (@Sendable (NBDConnectionEvent) -> Void)?
    /// Runs `fdatasync(2)`, which may block, off the event loops.
    var threadPool: NIOThreadPool
}
