import NIOCore
import ServerSupport
import TFTP

/// The TFTP root, replaceable while the server runs (a `TFTP_ROOT` reload): requests that arrive afterwards read
/// from the new directory, transfers already running keep the file they opened.
final class ReloadableTFTPSource: TFTPFileSource {
    private let source: Replaceable<TFTPDirectorySource>

    init(_ source: TFTPDirectorySource) {
        self.source = Replaceable(source)
    }

    var current: TFTPDirectorySource {
        get { source.current }
        set { source.current = newValue }
    }

    func openForReading(_ name: String, client: SocketAddress) async throws -> any TFTPFile {
        try await current.openForReading(name, client: client)
    }

    func openForWriting(_ name: String, client: SocketAddress) async throws -> any TFTPWritableFile {
        try await current.openForWriting(name, client: client)
    }
}
