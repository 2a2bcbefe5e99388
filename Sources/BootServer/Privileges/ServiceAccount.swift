#if canImport(Glibc)
    import SystemSupport
    import Glibc
#endif
import CKiwiSystem

/// The unprivileged system user `serve` runs as (SERVE_USER), and the step from root to it.
///
/// Started as root, `serve` makes its writable directories (lease journal, swap files, status socket) and hands
/// them to the user, then executes itself again as that user with only the capabilities it uses: binding ports
/// below 1024 (DHCP 67, TFTP 69) and raw sockets (router advertisements). Linux keeps capabilities per thread, and
/// a Swift program has threads before `serve` starts; dropping them in place would leave every other thread root.
/// One thread changes user and capabilities and then replaces the whole process (``become(arguments:)``), so no
/// thread is left with more. Under systemd the unit does the same with `User=` and `AmbientCapabilities=`, and
/// `serve`, not root, has nothing to drop.
public struct ServiceAccount: Sendable, Equatable {
    public var name: String
    public var uid: uid_t
    public var gid: gid_t

    /// What the services keep: (name, number) of each capability.
    public static let capabilities: [(name: String, number: Int)] = [("CAP_NET_BIND_SERVICE", 10), ("CAP_NET_RAW", 13)]

    /// Whether `serve` should change to `user`: it runs as root and the configuration names another user.
    public static func shouldBecome(_ user: String) -> Bool {
        geteuid() == 0 && user != "root" && !user.isEmpty
    }

    /// The account `name`, created as a system user (no home, no login shell) when it does not exist.
    public static func ensure(_ name: String) throws -> ServiceAccount {
        if let account = lookUp(name) { return account }
        let arguments = [
            "useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
            "--shell", "/usr/sbin/nologin", "--comment", "KIWI-LTSP boot services", name,
        ]
        let pid = ProcessSpawn.start(
            "/usr/sbin/useradd", arguments,
            standard: .descriptors(
                stdin: nil, stdout: 2,
                stderr: 2))
        guard case .success(let child) = pid, Children.wait(child) == 0, let account = lookUp(name) else {
            throw BootServerError.configuration("SERVE_USER \(name): no such user, and useradd could not create it")
        }
        return account
    }

    /// The passwd entry of `name`.
    static func lookUp(_ name: String) -> ServiceAccount? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return ServiceAccount(name: name, uid: entry.pw_uid, gid: entry.pw_gid)
    }

    /// Creates each directory (and its parents) and gives it, with everything in it, to this account; symlinks are
    /// never followed, so a link planted in a directory cannot hand over a file elsewhere.
    public func takeOver(_ directories: [String]) throws {
        for directory in directories {
            try TextFile.makeDirectories(directory)
            try chownTree(directory)
        }
    }

    private func chownTree(_ path: String) throws {
        guard lchown(path, uid, gid) == 0 else {
            throw BootServerError.configuration("cannot give \(path) to \(name): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        for entry in DirectoryListing.names(in: path) {
            try chownTree(path + "/" + entry)
        }
    }

    /// Executes this program again with `arguments` as this account, keeping only ``capabilities``. Returns only
    /// by throwing.
    public func become(arguments: [String]) throws -> Never {
        let mask = Self.capabilities.reduce(UInt64(0)) { $0 | (1 << UInt64($1.number)) }
        let argv = arguments.map { strdup($0) } + [nil]
        let environment = Self.environment().map { strdup($0) } + [nil]
        _ = kiwi_become_and_exec(uid, gid, mask, "/proc/self/exe", argv, environment)
        let failure = String(cString: strerror(errno))
        throw BootServerError.configuration("cannot run as \(name): \(failure)")
    }

    /// Who this process is now, for the log: "kiwi-ltsp (uid 998) with CAP_NET_BIND_SERVICE CAP_NET_RAW".
    public static func describeCurrent() -> String {
        let uid = geteuid()
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let name =
            getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0 && result != nil
            ? String(cString: entry.pw_name) : "?"
        let effective = kiwi_effective_capabilities()
        let held =
            effective < 0
            ? ["unknown capabilities"]
            : (0..<64).filter { effective & (1 << $0) != 0 }.map { number in
                capabilities.first { $0.number == number }?.name ?? "capability \(number)"
            }
        let list =
            uid == 0 ? "all capabilities of root" : held.isEmpty ? "no capabilities" : held.joined(separator: " ")
        return "\(name) (uid \(uid)) with \(list)"
    }

    private static func environment() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }
}
