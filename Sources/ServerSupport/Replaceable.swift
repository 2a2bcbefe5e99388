import Synchronization

/// A value a running server reads from many threads and a configuration reload replaces (the NBD exports, the TFTP
/// root): whoever reads after the replacement gets the new value; what was taken before stays as it was.
public final class Replaceable<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    public init(_ value: Value) {
        self.value = Mutex(value)
    }

    public var current: Value {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
