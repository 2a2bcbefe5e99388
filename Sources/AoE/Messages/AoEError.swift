/// AoEr11 §2.3: why a target could not carry out a command (sent with the E flag).
public enum AoEError: UInt8, Hashable, Sendable {
    case unrecognizedCommand = 1
    case badArgument = 2
    case deviceUnavailable = 3
    case configStringPresent = 4
    case unsupportedVersion = 5
    case targetReserved = 6
}
