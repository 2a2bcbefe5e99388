import FuzzSupport
import LTSPConfig
import NetworkValues
import ThinClient

// lts.conf as the thin client reads it: the file (with `include`s), resolved for the client by the getltscfg rules
// (exact section, LIKE chains, globs, [default], NONE), overridden by `ltsp.KEY=value` words of the kernel command line
// (`/proc/cmdline`, read by `BootParameters` too), and written to /run/ltsp/ltsp_config for the image's shell
// scripts to source.
//
// Input: text, split at NUL bytes: part 0 is lts.conf (/srv/tftpboot/KIWI/lts.conf), part 1 the kernel command
// line, parts 2... the files `include 2`, `include 3`, ... name next to it.
//
// Invariants: every section has entries and every key is a shell variable name; no section is applied twice; the
// result has no LIKE and no NONE value; /run/ltsp/ltsp_config, read back by a POSIX-shell parser
// (`SysconfigParser`, XCU §2.2 quoting), gives exactly the resolved variables, without errors.

private let folder = "/srv/tftpboot/KIWI"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let parts = input.rest().split(separator: 0, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    let commandLine = parts.count > 1 ? parts[1] : ""
    let files = parts
    let parser = LTSConfParser(loader: { path in
        guard path.hasPrefix(folder + "/"), let index = Int(path.dropFirst(folder.count + 1)), index >= 2,
            index < files.count
        else { throw LoaderError() }
        return files[index]
    })
    let boot = BootParameters(commandLine)
    _ = boot.hasSerialConsole

    guard let document = try? parser.parse(parts[0], file: folder + "/lts.conf") else { return 0 }
    for section in document.sections {
        check(!section.entries.isEmpty, "section [\(section.name)] has no entries")
        for entry in section.entries {
            check(isShellName(entry.key) && entry.key == entry.key.uppercased(), "key \(entry.key)")
        }
    }
    var identities = [
        ClientIdentity(
            hostname: "pc07", ipAddress: IPv4Address("192.168.67.7"), prefixLength: 24,
            mac: "52:54:00:12:34:56"),
        ClientIdentity(),
        ClientIdentity(hostname: boot.hostname, ipAddress: boot.server, mac: boot.bootInterfaceMAC),
    ]
    if let first = document.sections.first { identities.append(ClientIdentity(parsing: first.name)) }

    let resolver = LTSConfResolver(document: document)
    for identity in identities {
        let resolution = resolver.resolve(for: identity).applyingKernelCommandLine(commandLine)
        var seen = Set<String>()
        for name in resolution.chain {
            check(seen.insert(name.lowercased()).inserted, "section \(name) applied twice: \(resolution.chain)")
        }
        for variable in resolution.variables.values {
            check(variable.name != "LIKE", "LIKE is in the result")
            check(variable.value.uppercased() != "NONE", "\(variable.name) is \(variable.value)")
            check(isShellName(variable.name), "variable \(variable.name.debugDescription)")
        }
        _ = resolution.forScreen("07")

        let file = ClientConfigFile(resolution)
        let sourced = SysconfigParser().parse(file.text)
        check(sourced.errors.isEmpty, "ltsp_config does not parse: \(sourced.errors)\n\(file.text)")
        let expected = file.variables.map { "\($0.name)=\($0.value)" }
        let got = sourced.assignments.map { "\($0.key)=\($0.value)" }
        check(got == expected, "ltsp_config reads back as \(got), was written from \(expected)")
    }
    return 0
}

private struct LoaderError: Error {}
