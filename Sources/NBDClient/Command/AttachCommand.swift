/// The command line of `ltsp-nbd-attach`, parsed by hand: the binary runs in a busybox initrd and links nothing it
/// can do without.
public enum AttachCommand: Hashable, Sendable {
    case help
    /// Negotiate only and describe the export.
    case probe(NBDTarget)
    /// Negotiate and hand the connection to the kernel's nbd device.
    case attach(NBDTarget, device: String)
    /// Disconnect a device attached earlier.
    case disconnect(device: String)

    public static let usage = """
        usage: ltsp-nbd-attach [--export NAME] [--timeout SECONDS] [--probe] HOST PORT [DEVICE]
               ltsp-nbd-attach -d DEVICE
               ltsp-nbd-attach -h

        Attaches the NBD export NAME (default: the server's default export) of HOST:PORT to the kernel's nbd DEVICE
        (e.g. /dev/nbd0), read-only when the server says so, and leaves a process serving it. HOST is an IPv4 or
        IPv6 address or a name.

          --export NAME        the export to open
          --timeout SECONDS    keep trying to connect for this long, and bound each handshake read (default 30)
          --probe              negotiate only (no DEVICE) and print:
                               export NAME size BYTES flags 0xFLAGS read-only yes|no
          -d DEVICE            disconnect DEVICE
          -h, --help           this text

        """

    public static func parse(_ arguments: [String]) throws(UsageError) -> AttachCommand {
        var exportName = ""
        var timeout = 30
        var probe = false
        var disconnect: String?
        var positional: [String] = []
        var index = 0
        func value(_ option: String, inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            index += 1
            guard index < arguments.count else { throw UsageError("\(option) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            let (name, inline) = Self.split(argument)
            switch name {
            case "-h", "--help":
                return .help
            case "--export":
                exportName = try value(name, inline: inline)
            case "--timeout":
                let text = try value(name, inline: inline)
                guard let seconds = Int(text), (0...86_400).contains(seconds) else {
                    throw UsageError("--timeout wants whole seconds from 0 to 86400, not '\(text)'")
                }
                timeout = seconds
            case "--probe":
                probe = true
            case "-d", "--disconnect":
                disconnect = try value(name, inline: inline)
            case "--":
                positional += arguments[(index + 1)...]
                index = arguments.count
            default:
                guard !argument.hasPrefix("-") || argument == "-" else {
                    throw UsageError("unknown option \(argument)")
                }
                positional.append(argument)
            }
            index += 1
        }
        if let device = disconnect {
            guard positional.isEmpty, !probe else { throw UsageError("-d takes only a DEVICE") }
            return .disconnect(device: device)
        }
        guard positional.count >= 2 else { throw UsageError("HOST and PORT are required") }
        var host = positional[0]
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw UsageError("HOST is empty") }
        guard let port = UInt16(positional[1]), port > 0 else {
            throw UsageError("PORT must be a number from 1 to 65535, not '\(positional[1])'")
        }
        let target = NBDTarget(host: host, port: port, exportName: exportName, timeout: timeout)
        if probe {
            guard positional.count == 2 else { throw UsageError("--probe takes no DEVICE") }
            return .probe(target)
        }
        guard positional.count == 3 else {
            throw UsageError(positional.count == 2 ? "DEVICE is required (or --probe)" : "too many arguments")
        }
        return .attach(target, device: positional[2])
    }

    /// `--name=value` as `("--name", "value")`; anything else as it is.
    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
