/// A key press, as the greeter's model sees it (the X glue turns keysyms and UTF-8 text into these).
public enum GreeterKey: Equatable, Sendable {
    /// Printable text (one key may give several characters with an input method).
    case text(String)
    case backspace
    case enter
    case escape
    /// F1...F12.
    case function(Int)
}
