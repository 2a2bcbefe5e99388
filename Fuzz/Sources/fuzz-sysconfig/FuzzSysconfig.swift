import FuzzSupport
import LTSPConfig
import NetworkValues
import SystemSupport

// /etc/sysconfig/kiwi-ltsp as the server reads it: the shell-style parser (`SysconfigParser`), then the whole
// loader (`ConfigurationLoader.load(text:file:)`): schema lookup, the check of every value's type (addresses, ranges,
// lease times, reservations, paths, numbers, choices) and the derivation of what was left empty, on a fixed lab
// network and an empty root.
//
// Input: the file's text.
//
// Every value is also checked as every type of the schema, so a value found for one variable exercises them all.
//
// Invariants: every assignment is a shell variable name with a line inside the file; every error and diagnostic
// line is inside the file; each value, written back as `KEY="value"` (`ShellQuoting.doubleQuoted`, as
// `kiwi-ltsp config show` prints it), reads back as the same value; the loader reports one setting per variable.

private let network = FixedNetworkEnvironment(
    interfaces: [
        NetworkInterface(
            name: "lo", isLoopback: true,
            ipv4: [IPv4Network(address: IPv4Address("127.0.0.1")!, prefixLength: 8)]),
        NetworkInterface(
            name: "eth0", ipv4: [IPv4Network(address: IPv4Address("203.0.113.5")!, prefixLength: 24)],
            mac: "52:54:00:00:00:01", mtu: 1500),
        NetworkInterface(
            name: "eth1", ipv4: [IPv4Network(address: IPv4Address("192.168.67.1")!, prefixLength: 24)],
            mac: "52:54:00:00:00:02", mtu: 1500),
    ], defaultRoute: "eth0")

/// A root with nothing in it: no resolv.conf, no signed boot files; the loader touches nothing else.
private let loader = ConfigurationLoader(root: RootDirectory("/nonexistent/kiwi-ltsp-fuzz"), network: network)

/// The schema's value types, each once.
private let valueTypes: [ValueType] = ConfigSchema.variables.map(\.type).reduce(into: []) { types, type in
    if !types.contains(type) { types.append(type) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let text = String(decoding: input.rest(), as: UTF8.self)
    let lines = text.unicodeScalars.filter { $0 == "\n" }.count + 1

    let parsed = SysconfigParser().parse(text)
    for assignment in parsed.assignments {
        check(isShellName(assignment.key), "assignment to \(assignment.key.debugDescription)")
        check((1...lines).contains(assignment.line), "assignment at line \(assignment.line) of \(lines)")
        let written = "\(assignment.key)=\(ShellQuoting.doubleQuoted(assignment.value))\n"
        let reread = SysconfigParser().parse(written)
        check(
            reread.errors.isEmpty && reread.assignments.count == 1
                && reread.assignments[0].key == assignment.key && reread.assignments[0].value == assignment.value,
            "\(assignment.key)=\(assignment.value.debugDescription) written as \(written.debugDescription) reads "
                + "back as \(reread)")
    }
    // Every value through every type's check too, not only its own variable's: a value the fuzzer found for one
    // variable reaches the parsers of all (addresses, ranges and lease times, reservations, paths, numbers).
    for assignment in parsed.assignments {
        let value = assignment.value.trimmed()
        guard !value.isEmpty else { continue }
        for type in valueTypes { _ = type.problem(with: value) }
    }
    for error in parsed.errors {
        check((1...lines).contains(error.line), "error at line \(error.line) of \(lines): \(error.message)")
    }

    let loaded = loader.load(text: text, file: ConfigSchema.defaultPath)
    check(loaded.settings.count == ConfigSchema.variables.count, "\(loaded.settings.count) settings")
    for diagnostic in loaded.diagnostics {
        if let line = diagnostic.line {
            check((1...lines).contains(line), "diagnostic at line \(line) of \(lines): \(diagnostic)")
        }
    }
    return 0
}
