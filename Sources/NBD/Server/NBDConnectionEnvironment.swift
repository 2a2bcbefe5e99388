import Logging
import NIOPosix
import Synchronization

/// What every connection handler of one server shares.
struct NBDConnectionEnvironment: Sendable {
    /// The exports as of now: a reload replaces them for new connections; attached ones keep their device.
    var catalogs: NBDCatalogBox
    var catalog: NBDExportCatalog { catalogs.current }
    var maximumPayload: UInt32
    var logger: Logger
    var onEvent: (@Sendable (NBDConnectionEvent) -> Void)?
    /// Runs `fdatasync(2)`, which may block, off the event loops.
    var threadPool: NIOThreadPool
}

/// The server's current export catalog, replaceable while it runs.
final class NBDCatalogBox: Sendable {
    private let catalog: Mutex<NBDExportCatalog>

    init(_ catalog: NBDExportCatalog) {
        self.catalog = Mutex(catalog)
    }

    var current: NBDExportCatalog {
        get { catalog.withLock { $0 } }
        set { catalog.withLock { $0 = newValue } }
    }
}
