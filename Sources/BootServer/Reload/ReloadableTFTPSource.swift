import NIOCore
import Synchronization
import TFTP

/// The TFTP root, replaceable while the server runs (a `TFTP_ROOT` reload): requests that arrive afterwards read
/// from the new directory, transfers already running keep the file they opened.
final class ReloadableTFTPSource: TFTPFileSource {
    private let source: Mutex<TFTPDirectorySource>

    init(_ source: TFTPDirectorySource) {
        self.source = Mutex(source)
    }

    var current: TFTPDirectorySource {
        get { source.withLock { $0 } }
        set { source.withLock { $0 = newValue } }
    }

    func openForReading(_ name: String, client: SocketAddress) async throws -> any TFTPFile {
        try await current.openForReading(name, client: client)
    }

    func openForWriting(_ name: String, client: SocketAddress) async throws -> any TFTPWritableFile {
        try await current.openForWriting(name, client: client)
    }
}
