/// Why a login did not happen, with the words the greeter shows: ssh's own message where ssh gave one.
public enum LoginFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name was refused before ssh ran.
    case invalidUserName(String)
    /// The server refused the password (or the user); the greeter stays and asks again.
    case permissionDenied(String)
    /// The server's host key is not the one in known_hosts (changed, or unknown with strict checking).
    case hostKey(String)
    /// No connection: refused, timed out, no route, unknown name. The next server may do.
    case unreachable(String)
    /// ssh said nothing for too long.
    case noResponse
    /// A prompt came while nobody can answer it (autologin with a password that must be changed).
    case unanswerable(String)
    /// ssh ended some other way; its last words.
    case other(String)

    public var description: String {
        switch self {
        case .invalidUserName(let text), .permissionDenied(let text), .hostKey(let text), .unreachable(let text),
            .unanswerable(let text), .other(let text):
            text
        case .noResponse: "No response from the server."
        }
    }
}
