import TFTPWire

/// Why a download ended without the file.
public enum TFTPDownloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server's ERROR packet (RFC 1350 §5): code 1 is "file not found".
    case server(code: TFTPErrorCode, message: String)
    /// No transfer within the overall limit.
    case timedOut(Duration)
    /// The file is larger than the client takes.
    case tooLarge(limit: Int)
    /// RFC 2347 §2: an OACK with an option the client did not ask for, or a value it cannot use.
    case badOptionAcknowledgement(String)
    /// The socket itself failed (no route, no interface).
    case network(String)

    public var description: String {
        switch self {
        case .server(let code, let message):
            let text = message.isEmpty ? "no message" : message
            return code == .fileNotFound
                ? "not found on the server (TFTP error 1: \(text))"
                : "the server refused it (TFTP error \(code.rawValue): \(text))"
        case .timedOut(let limit):
            return "no answer from the TFTP server within \(limit.components.seconds) s"
        case .tooLarge(let limit):
            return "larger than \(limit) bytes"
        case .badOptionAcknowledgement(let detail):
            return "the server acknowledged options we cannot use (\(detail))"
        case .network(let detail):
            return detail
        }
    }
}
