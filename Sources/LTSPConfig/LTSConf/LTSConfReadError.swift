import SystemSupport

/// Why an lts.conf file (or one it includes) could not be read: from the disk, or over TFTP on the client.
public struct LTSConfReadError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }

    public init(_ error: SystemError) { self.description = error.description }
}
