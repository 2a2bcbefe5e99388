import Logging
import NIOCore
import NIOPosix
import ServerSupport

/// What every connection handler of one server shares.
struct NBDConnectionEnvironment: Sendable {
    /// The exports as of now: a reload replaces them for new connections; attached ones keep their device.
    var catalogs: Replaceable<NBDExportCatalog>
    var maximumPayload: UInt32
    var logger: Logger
    var onEvent: (@Sendable (NBDConnectionEvent) -> Void)?
    /// Runs `fdatasync(2)`, which may block, off the event loops.
    var threadPool: NIOThreadPool
    /// From accept to transmission at most; then the connection is closed.
    var handshakeTimeout: TimeAmount
}
