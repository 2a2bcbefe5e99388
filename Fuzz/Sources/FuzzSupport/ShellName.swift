/// A POSIX shell variable name (XBD §3.235): ASCII letters, digits and `_`, not starting with a digit.
public func isShellName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard let first = bytes.first, first == 0x5F || (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first)
    else { return false }
    return bytes.allSatisfy {
        $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
            || (0x61...0x7A).contains($0)
    }
}
