/// A line of the greeter protocol that does not parse.
public enum GreeterProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownVerb(String)
    case missingArgument(verb: String)
    case unexpectedArgument(verb: String)
    case badArgument(verb: String, argument: String)
    case badEscape(String)
    case lineTooLong(Int)

    public var description: String {
        switch self {
        case .unknownVerb(let verb): "unknown greeter protocol verb '\(verb)'"
        case .missingArgument(let verb): "'\(verb)' needs an argument"
        case .unexpectedArgument(let verb): "'\(verb)' takes no argument"
        case .badArgument(let verb, let argument): "'\(verb)': cannot use '\(argument)'"
        case .badEscape(let text): "bad backslash escape in '\(text)'"
        case .lineTooLong(let limit): "a greeter protocol line is longer than \(limit) bytes"
        }
    }
}
