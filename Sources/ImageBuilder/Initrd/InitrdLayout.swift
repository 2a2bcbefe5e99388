/// Everything in `initrd-ltsp`, as cpio entries: busybox and the applets `/init` uses, `ltsp-nbd-attach`, the
/// modules in load order, `/init` and its udhcpc script, and the two device nodes the kernel needs before devtmpfs.
public struct InitrdLayout {
    public var kernelVersion: String
    public var busybox: [UInt8]
    public var nbdAttach: [UInt8]
    /// Paths relative to `/lib/modules/<version>/`, in load order, with their bytes.
    public var modules: [(path: String, bytes: [UInt8])]

    public init(
        kernelVersion: String, busybox: [UInt8], nbdAttach: [UInt8],
        modules: [(path: String, bytes: [UInt8])]
    ) {
        self.kernelVersion = kernelVersion
        self.busybox = busybox
        self.nbdAttach = nbdAttach
        self.modules = modules
    }

    /// The applets `/init`, the udhcpc script and a rescue shell use.
    public static let applets = [
        "sh", "ash", "cat", "cp", "cttyhack", "dmesg", "echo", "grep", "insmod", "ip", "ipcalc", "less", "ls",
        "lsmod", "mkdir", "mount", "ps", "reboot", "poweroff", "rm", "sed", "setsid", "sleep", "switch_root", "tr",
        "udhcpc", "umount", "uname", "vi",
    ]

    public var entries: [CPIOEntry] {
        var entries: [CPIOEntry] = []
        var directories: Set<String> = []
        func directory(_ path: String) {
            let parts = path.split(separator: "/")
            for end in parts.indices {
                let prefix = parts[...end].joined(separator: "/")
                if directories.insert(prefix).inserted { entries.append(CPIOEntry(path: prefix, kind: .directory)) }
            }
        }
        for path in ["bin", "sbin", "dev", "proc", "sys", "run", "newroot", "etc/kiwi-ltsp"] { directory(path) }
        entries.append(CPIOEntry(path: "dev/console", kind: .characterDevice(major: 5, minor: 1), permissions: 0o600))
        entries.append(CPIOEntry(path: "dev/null", kind: .characterDevice(major: 1, minor: 3), permissions: 0o666))
        entries.append(CPIOEntry(path: "bin/busybox", kind: .file(busybox), permissions: 0o755))
        entries += Self.applets.map { CPIOEntry(path: "bin/\($0)", kind: .symlink("busybox")) }
        entries.append(CPIOEntry(path: "sbin/ltsp-nbd-attach", kind: .file(nbdAttach), permissions: 0o755))
        entries.append(CPIOEntry(path: "init", kind: .file(Array(InitScript.text.utf8)), permissions: 0o755))
        entries.append(
            CPIOEntry(
                path: InitScript.udhcpcScriptPath, kind: .file(Array(InitScript.udhcpcScript.utf8)),
                permissions: 0o755))
        let list = modules.map { $0.path + "\n" }.joined()
        entries.append(CPIOEntry(path: InitScript.moduleListPath, kind: .file(Array(list.utf8))))
        let base = "lib/modules/\(kernelVersion)"
        for module in modules {
            let parent = module.path.split(separator: "/").dropLast().joined(separator: "/")
            directory(parent.isEmpty ? base : "\(base)/\(parent)")
            entries.append(CPIOEntry(path: "\(base)/\(module.path)", kind: .file(module.bytes)))
        }
        return entries
    }
}
