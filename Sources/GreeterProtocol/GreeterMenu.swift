/// The greeter's three menus. Each item has a value ldm uses and a label the user sees.
public enum GreeterMenu: String, CaseIterable, Equatable, Sendable {
    /// Login servers (`LDM_SERVER`); the value is the server's address or name.
    case host
    /// X sessions from the server's info service; the value is the session's `Exec`.
    case session
    /// Languages (locales) from the server's info service; the value is e.g. `de_DE.UTF-8`.
    case language
}

/// One item of a greeter menu.
public struct GreeterMenuItem: Equatable, Sendable {
    public var value: String
    public var label: String

    public init(value: String, label: String) {
        self.value = value
        self.label = label
    }
}
