/// Where the HTTP server gets files: the TFTP root with the same confinement (BootServer adapts the TFTP directory
/// source). `open` runs on a thread pool, never on an event loop.
public protocol HTTPFileSource: Sendable {
    /// Opens `name` (already decoded from the request target) for reading: a descriptor the caller owns, and the size.
    func open(_ name: String) throws(HTTPFileSourceError) -> (descriptor: Int32, size: Int64)
}

public enum HTTPFileSourceError: Error, Equatable, Sendable {
    /// 404.
    case notFound
    /// 403, with the reason for the log (traversal, a symlink out of the root, not world-readable).
    case refused(String)
    /// 500.
    case failed(String)
}
