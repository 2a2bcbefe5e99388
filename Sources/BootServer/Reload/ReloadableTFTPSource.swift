import HTTPFiles
import NIOCore
import ServerSupport
import TFTP

/// The TFTP root, replaceable while the server runs (a `TFTP_ROOT` reload): requests that arrive afterwards read
/// from the new directory, transfers already running keep the file they opened. The HTTP server reads the same
/// root through the same confinement.
final class ReloadableTFTPSource: TFTPFileSource, HTTPFileSource {
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

    func open(_ name: String) throws(HTTPFileSourceError) -> (descriptor: Int32, size: Int64) {
        do {
            let file = try current.openFile(name)
            guard let descriptor = file.duplicateDescriptor() else { throw HTTPFileSourceError.failed("dup") }
            return (descriptor, file.size)
        } catch let error as HTTPFileSourceError {
            throw error
        } catch TFTPError.fileNotFound {
            throw .notFound
        } catch TFTPError.accessViolation(_, let reason) {
            throw .refused(reason)
        } catch {
            throw .failed("\(error)")
        }
    }
}
