import CKiwiSystem
import Glibc
import SystemSupport

/// `ldm --serve-medium DIRECTORY [--read-only]`: OpenSSH's sftp-server on one mounted medium, and nothing else of
/// the client. In a mount namespace of its own it builds a root on a tmpfs with the image's `/usr` (read-only, for
/// sftp-server and its libraries), a passwd and group file that name only the jail's user, and the medium at
/// `/medium`; it changes root there and runs sftp-server as ``user`` with no capabilities and no_new_privs. The
/// session's sshfs on the server speaks SFTP to it through the login's ssh connection (``MediumBridge``).
public enum MediumJail {
    /// nobody: the media are mounted for this user (``MediumMount``), and it owns nothing else on the client.
    public static let user: UInt32 = 65534
    public static let sftpServer = "/usr/lib/openssh/sftp-server"
    static let root = "/run/ldm/jail"
    static let medium = "/medium"
    public static let option = "--serve-medium"

    /// The arguments ldm starts itself with for `directory`.
    public static func arguments(directory: String, readOnly: Bool) -> [String] {
        ["ldm", option, directory] + (readOnly ? ["--read-only"] : [])
    }

    /// Runs with `arguments` after `--serve-medium`; returns only when something failed (status 1, the reason on
    /// stderr), else sftp-server has replaced the process.
    public static func main(arguments: [String]) -> Int32 {
        let log = LDMLog(prefix: "ldm: medium jail")
        guard let directory = arguments.first, directory.hasPrefix("/"),
            arguments.dropFirst().allSatisfy({ $0 == "--read-only" })
        else {
            log.error("usage: ldm \(option) DIRECTORY [--read-only]")
            return 2
        }
        let readOnly = arguments.contains("--read-only")
        do {
            try build(medium: directory, readOnly: readOnly)
        } catch {
            log.error("\(error)")
            return 1
        }
        let argv: [String] = ["sftp-server", "-d", medium, "-u", "0077"] + (readOnly ? ["-R"] : [])
        let pointers = argv.map { strdup($0) } + [nil]
        let variables: [String] = ["PATH=/usr/bin", "HOME=\(medium)", "LANG=C.UTF-8"]
        let environment = variables.map { strdup($0) } + [nil]
        _ = kiwi_become_and_exec(user, user, 0, sftpServer, pointers, environment)
        log.error("\(sftpServer): \(String(cString: strerror(errno)))")
        return 1
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func build(medium directory: String, readOnly: Bool) throws(Failure) {
        func check(_ result: Int32, _ what: String) throws(Failure) {
            guard result == 0 else { throw Failure(description: "\(what): \(String(cString: strerror(errno)))") }
        }
        try check(kiwi_unshare_mounts(), "unshare")
        try check(mount(nil, "/", nil, UInt(MS_REC | MS_PRIVATE), nil), "making / private")
        do { try TextFile.makeDirectories(root) } catch { throw Failure(description: "\(error)") }
        try check(
            mount("kiwi-jail", root, "tmpfs", UInt(MS_NOSUID | MS_NODEV), "mode=0755,size=1m"), "tmpfs on \(root)")
        for name in ["usr", "etc", "dev", "medium"] { try check(mkdir("\(root)/\(name)", 0o755), "mkdir \(name)") }
        try bindReadOnly("/usr", at: "\(root)/usr")
        // sftp-server opens /dev/null for its standard descriptors.
        let null = open("\(root)/dev/null", O_CREAT | O_WRONLY | O_CLOEXEC, 0o666)
        guard null >= 0 else { throw Failure(description: "\(root)/dev/null: \(String(cString: strerror(errno)))") }
        close(null)
        try check(mount("/dev/null", "\(root)/dev/null", nil, UInt(MS_BIND), nil), "binding /dev/null")
        // The merged-/usr links (or, on an older image, the directories themselves).
        for name in ["bin", "lib", "lib32", "lib64", "libx32", "sbin"] {
            var info = stat()
            guard lstat("/\(name)", &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK {
                guard let target = SymbolicLink.target(of: "/\(name)") else { continue }
                try check(symlink(target, "\(root)/\(name)"), "link \(name)")
            } else if info.st_mode & S_IFMT == S_IFDIR {
                try check(mkdir("\(root)/\(name)", 0o755), "mkdir \(name)")
                try bindReadOnly("/\(name)", at: "\(root)/\(name)")
            }
        }
        do {
            try TextFile.writeAtomically(
                "nobody:x:\(user):\(user):nobody:\(medium):/usr/sbin/nologin\n",
                to: "\(root)/etc/passwd")
            try TextFile.writeAtomically("nogroup:x:\(user):\n", to: "\(root)/etc/group")
        } catch { throw Failure(description: "\(error)") }
        try check(mount(directory, "\(root)\(medium)", nil, UInt(MS_BIND), nil), "binding \(directory)")
        if readOnly {
            try check(
                mount(
                    nil, "\(root)\(medium)", nil,
                    UInt(
                        MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV
                            | MS_NOEXEC), nil), "read-only \(medium)")
        }
        try check(chroot(root), "chroot \(root)")
        try check(chdir(medium), "chdir \(medium)")
    }

    static func bindReadOnly(_ source: String, at target: String) throws(Failure) {
        guard mount(source, target, nil, UInt(MS_BIND | MS_REC), nil) == 0,
            mount(nil, target, nil, UInt(MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV), nil) == 0
        else {
            throw Failure(description: "binding \(source) read-only: \(String(cString: strerror(errno)))")
        }
    }
}
