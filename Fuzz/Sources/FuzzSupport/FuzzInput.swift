#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fuzzer's bytes, taken from the front. Every read succeeds: past the end it gives zeros and empty arrays, so a
/// target never has to decide what a short input means.
///
/// Targets that model a conversation (datagrams, chunks of a stream) read it as *records*: a big-endian 16-bit length,
/// then that many bytes (fewer when the input ends first). The seed corpora are written that way.
public struct FuzzInput {
    public private(set) var bytes: ArraySlice<UInt8>

    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        self.bytes = Array(UnsafeBufferPointer(start: data, count: size))[...]
    }

    public var isEmpty: Bool { self.bytes.isEmpty }

    public mutating func byte() -> UInt8 {
        self.bytes.popFirst() ?? 0
    }

    public mutating func uint16() -> UInt16 {
        UInt16(self.byte()) << 8 | UInt16(self.byte())
    }

    /// The next length-prefixed record, or nil when the input is used up.
    public mutating func record() -> [UInt8]? {
        guard !self.bytes.isEmpty else { return nil }
        let length = Int(self.uint16())
        let record = Array(self.bytes.prefix(length))
        self.bytes = self.bytes.dropFirst(length)
        return record
    }

    /// Everything not read yet.
    public mutating func rest() -> [UInt8] {
        defer { self.bytes = [] }
        return Array(self.bytes)
    }
}

/// An invariant of the code under test. A failure prints what broke and aborts, which libFuzzer reports as a crash
/// and saves the input for.
public func check(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    guard !condition() else { return }
    let text = "invariant failed at \(file):\(line): \(message())\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    abort()
}
