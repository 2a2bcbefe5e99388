import Glibc
import LDMInfoWire
import LTSPConfig
import SystemSupport

/// What the info service reports about this server, read from the machine under `root`: the languages (the
/// server's LANG from `/etc/default/locale`, then each UTF-8 locale in glibc's archive and in `/usr/lib/locale`),
/// the X sessions (`/usr/share/xsessions/*.desktop`, not Hidden, TryExec present), the Xsession script, and the
/// rating from `/proc/loadavg` and `/proc/meminfo` at the time of each request.
public struct LDMInfoCatalog: Sendable {
    public static let sessionsDirectory = "/usr/share/xsessions"
    public static let xsessionCandidates = ["/etc/X11/Xsession", "/etc/X11/xinit/Xsession"]

    public var root: RootDirectory
    /// Everything but the rating, read once (and again on reload).
    public var fixed: LDMInfo

    public init(root: RootDirectory, environmentLanguage: String? = nil) {
        self.root = root
        fixed = LDMInfo(
            languages: Self.languages(root: root, environmentLanguage: environmentLanguage),
            sessions: Self.sessions(root: root), xsession: Self.xsession(root: root))
    }

    /// The reply now: the fixed part and the current rating (none when /proc cannot be read under the root).
    public func reply() -> LDMInfo {
        var info = fixed
        if let load = try? TextFile.read(root.resolve("/proc/loadavg")),
            let memory = try? TextFile.read(root.resolve("/proc/meminfo"))
        {
            info.rating = LDMRating.rating(loadAverage: load, memoryInfo: memory)
        }
        return info
    }

    static func languages(root: RootDirectory, environmentLanguage: String?) -> [String] {
        var names: [String] = []
        func add(_ name: String?) {
            guard let name, let utf8 = LocaleName.utf8Name(name), !names.contains(utf8) else { return }
            names.append(utf8)
        }
        let defaults = (try? TextFile.read(root.resolve("/etc/default/locale"))).map { SysconfigParser().parse($0) }
        add(defaults?.assignments.last { $0.key == "LANG" }?.value ?? environmentLanguage)
        var installed: [String] = []
        if let archive = try? TextFile.readBytes(root.resolve(LocaleArchive.path)) {
            installed += (try? LocaleArchive.names(in: archive)) ?? []
        }
        let directory = root.resolve("/usr/lib/locale")
        installed += DirectoryListing.names(in: directory).filter {
            TextFile.exists("\(directory)/\($0)/LC_CTYPE")
        }
        installed.sorted().forEach(add)
        return names
    }

    static func sessions(root: RootDirectory) -> [LDMSession] {
        let directory = root.resolve(sessionsDirectory)
        return DirectoryListing.names(in: directory).filter { $0.hasSuffix(".desktop") }.sorted().compactMap { file in
            guard let text = try? TextFile.read("\(directory)/\(file)") else { return nil }
            let entry = DesktopEntry(parsing: text)
            guard !entry.hidden, let exec = entry.exec, !exec.isEmpty else { return nil }
            if let tryExec = entry.tryExec, !isExecutable(tryExec, root: root) { return nil }
            return LDMSession(name: entry.name, command: exec)
        }
    }

    static func xsession(root: RootDirectory) -> String? {
        xsessionCandidates.first { access(root.resolve($0), X_OK) == 0 }
    }

    /// `program` as TryExec names it: a path, or a name looked up in the usual directories (under `root`).
    static func isExecutable(_ program: String, root: RootDirectory) -> Bool {
        if program.hasPrefix("/") { return access(root.resolve(program), X_OK) == 0 }
        return ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"].contains {
            access(root.resolve("\($0)/\(program)"), X_OK) == 0
        }
    }
}
