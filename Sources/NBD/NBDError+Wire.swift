import NBDWire

extension NBDError {
    /// The server's error for bytes NBDWire refused, with NBDWire's words.
    init(_ error: NBDWireError) {
        switch error {
        case .badMagic: self.init(.badMagic, error.description)
        case .badLength: self.init(.protocolViolation, error.description)
        }
    }
}
