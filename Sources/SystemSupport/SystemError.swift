import Glibc

/// A system call on a path failed: which call, on what, and the reason (errno).
public struct SystemError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var errno: Int32

    public init(path: String, operation: String, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    public var description: String { "\(path): cannot \(operation): \(String(cString: strerror(errno)))" }
}
