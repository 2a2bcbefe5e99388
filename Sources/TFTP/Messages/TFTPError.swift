import TFTPWire

/// The one error type of the TFTP module.
///
/// Each case says what went wrong; ``errorPacket`` gives the RFC 1350 ERROR packet the server sends for it.
public enum TFTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A datagram ended before the field named here was complete.
    case truncatedPacket(field: String)
    /// A datagram was complete but not a valid TFTP packet.
    case malformedPacket(reason: String)
    /// The requested file does not exist (or is not a regular file).
    case fileNotFound(name: String)
    /// The request names a file outside the root, a hostile name, or an operation the configuration forbids.
    case accessViolation(name: String, reason: String)
    /// A write request for a file that may not be replaced.
    case fileAlreadyExists(name: String)
    /// The request is recognisable but not allowed (mode "mail", netascii upload, ...).
    case illegalOperation(reason: String)
    /// A file-system call failed.
    case io(operation: String, errno: Int32)
    /// The peer stopped answering: the cap of retransmissions was reached.
    case timedOut(retransmits: Int)
    /// The peer ended the transfer with an ERROR packet.
    case peerError(code: TFTPErrorCode, message: String)
    /// The file changed size while it was being served.
    case fileChanged(name: String)
    /// The server is shutting down.
    case shuttingDown
    /// The server already runs its most transfers at once (`TFTP_MAX_TRANSFERS`).
    case busy(limit: Int)

    /// The ERROR packet that tells the client about this error (RFC 1350 §5, "Error Codes").
    public var errorPacket: TFTPErrorPacket {
        switch self {
        case .truncatedPacket, .malformedPacket, .illegalOperation:
            return TFTPErrorPacket(code: .illegalOperation, message: "Illegal TFTP operation")
        case .fileNotFound:
            return TFTPErrorPacket(code: .fileNotFound, message: "File not found")
        case .accessViolation:
            return TFTPErrorPacket(code: .accessViolation, message: "Access violation")
        case .fileAlreadyExists:
            return TFTPErrorPacket(code: .fileAlreadyExists, message: "File already exists")
        case .io(_, let errno) where errno == 28:  // ENOSPC
            return TFTPErrorPacket(code: .diskFull, message: "Disk full or allocation exceeded")
        case .io:
            return TFTPErrorPacket(code: .notDefined, message: "Server I/O error")
        case .timedOut:
            return TFTPErrorPacket(code: .notDefined, message: "Timed out")
        case .peerError(let code, let message):
            return TFTPErrorPacket(code: code, message: message)
        case .fileChanged:
            return TFTPErrorPacket(code: .notDefined, message: "File changed during transfer")
        case .shuttingDown:
            return TFTPErrorPacket(code: .notDefined, message: "Server shutting down")
        case .busy:
            return TFTPErrorPacket(code: .notDefined, message: "Server busy, try again later")
        }
    }

    public var description: String {
        switch self {
        case .truncatedPacket(let field):
            return "TFTP packet truncated in \(field)"
        case .malformedPacket(let reason):
            return "malformed TFTP packet: \(reason)"
        case .fileNotFound(let name):
            return "file not found: \(name)"
        case .accessViolation(let name, let reason):
            return "access violation for \(name): \(reason)"
        case .fileAlreadyExists(let name):
            return "file already exists: \(name)"
        case .illegalOperation(let reason):
            return "illegal TFTP operation: \(reason)"
        case .io(let operation, let errno):
            return "\(operation) failed with errno \(errno)"
        case .timedOut(let retransmits):
            return "peer timed out after \(retransmits) retransmissions"
        case .peerError(let code, let message):
            return "peer sent error \(code.rawValue) (\(code)): \(message)"
        case .fileChanged(let name):
            return "file changed size while being served: \(name)"
        case .shuttingDown:
            return "server shutting down"
        case .busy(let limit):
            return "server busy: \(limit) transfers already running"
        }
    }
}
