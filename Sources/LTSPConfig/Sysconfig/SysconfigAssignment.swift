/// One `KEY="value"` line of a sysconfig file, with the value already unquoted.
public struct SysconfigAssignment: Equatable, Sendable {
    public var key: String
    public var value: String
    /// 1-based line where the assignment starts.
    public var line: Int

    public init(key: String, value: String, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}

/// A syntax problem at a line of a sysconfig file.
public struct SysconfigSyntaxError: Error, Equatable, Sendable {
    public var line: Int
    public var message: String
}
