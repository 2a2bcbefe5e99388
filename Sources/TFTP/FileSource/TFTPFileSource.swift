import NIOCore

/// Where the server gets files from.
///
/// The client's address is passed so an implementation can serve generated per-client files (lts.conf, menus)
/// through the same server. Errors should be ``TFTPError`` values: ``TFTPError/fileNotFound(name:)`` becomes
/// ERROR 1, ``TFTPError/accessViolation(name:reason:)`` ERROR 2 (RFC 1350 §5); anything else ERROR 0.
public protocol TFTPFileSource: Sendable {
    /// Opens `name` (exactly as the client sent it) for an RRQ from `client`.
    func openForReading(_ name: String, client: SocketAddress) async throws -> any TFTPFile

    /// Opens `name` for a WRQ from `client`. The server calls this only when its configuration allows writes.
    func openForWriting(_ name: String, client: SocketAddress) async throws -> any TFTPWritableFile
}

extension TFTPFileSource {
    /// By default a source is read-only: RFC 1350 §5 error 2, access violation.
    public func openForWriting(_ name: String, client: SocketAddress) async throws -> any TFTPWritableFile {
        throw TFTPError.accessViolation(name: name, reason: "this file source is read-only")
    }
}
