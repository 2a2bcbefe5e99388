import LTSPConfig
import NetworkValues
import SystemSupport

/// What ltsp-client needs from the kernel command line (`/proc/cmdline`): the server, the PXE interface, the lts.conf
/// path and the console. The `ltsp.KEY=value` overrides stay in `text` for
/// `LTSConfResolution.applyingKernelCommandLine`.
public struct BootParameters: Equatable, Sendable {
    public static let defaultLTSConfPath = KiwiPaths.ltsConf

    /// The whole command line, for the `ltsp.KEY=value` overrides.
    public var text: String
    /// `ltsp.server=IP`: where lts.conf is fetched from.
    public var server: IPv4Address?
    /// The `ltsp.server=` value when it is not an IPv4 address, so the message can quote it.
    public var invalidServer: String?
    /// `BOOTIF=01-52-54-00-12-34-56` (pxelinux `IPAPPEND 2`, iPXE `BOOTIF=01-${netX/mac:hexhyp}`), lower-case
    /// `aa:bb:cc:dd:ee:ff`.
    public var bootInterfaceMAC: String?
    /// `ltsp.ltsconf=PATH`: lts.conf's path on the TFTP server.
    public var ltsConfPath: String
    /// The device of the last `console=` (the kernel's `/dev/console`), e.g. `ttyS0` from `console=ttyS0,115200n8`.
    public var console: String?
    /// The hostname field of the kernel's `ip=client:server:gw:netmask:hostname:...` (nfsroot.txt), if any.
    public var hostname: String?

    public init(_ text: String) {
        self.text = text
        ltsConfPath = Self.defaultLTSConfPath
        for word in KernelCommandLine.words(text) {
            guard let equals = word.firstIndex(of: "=") else { continue }
            let key = word[..<equals].lowercased()
            let value = String(word[word.index(after: equals)...])
            switch key {
            case "ltsp.server":
                server = IPv4Address(value)
                invalidServer = server == nil ? value : nil
            case "bootif":
                bootInterfaceMAC = Self.bootInterfaceMAC(value)
            case "ltsp.ltsconf" where !value.isEmpty:
                ltsConfPath = value
            case "console":
                let device = value.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                console = device.hasPrefix("/dev/") ? String(device.dropFirst(5)) : String(device)
            case "ip":
                let fields = value.split(separator: ":", omittingEmptySubsequences: false)
                hostname = fields.count > 4 && !fields[4].isEmpty ? String(fields[4]) : nil
            default:
                continue
            }
        }
    }

    /// True when the kernel console is a serial line (`console=ttyS0,...` last on the command line).
    public var hasSerialConsole: Bool { console?.hasPrefix("ttyS") ?? false }

    /// `01-52-54-00-12-34-56` (hardware type 1, Ethernet, first), or a bare MAC with `-` or `:` separators. A group
    /// address (low bit of the first octet set, as in a cut-off `01-52-54-00-12-34`) is no interface's, so none.
    static func bootInterfaceMAC(_ value: String) -> String? {
        let parts = value.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == ":" })
        let address = parts.count == 7 && parts[0] == "01" ? parts.dropFirst() : parts[...]
        guard let mac = NetworkNames.normalizedMAC(address.joined(separator: ":")),
            let first = UInt8(mac.prefix(2), radix: 16), first & 1 == 0
        else { return nil }
        return mac
    }
}
