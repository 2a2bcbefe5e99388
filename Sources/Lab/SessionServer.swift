import Foundation
import Provisioning
import SystemSupport

/// A real OpenSSH server for thin-client sessions in a lab namespace, with users of its own that the host never
/// sees: sshd runs in a private mount namespace where a copy of `/etc` (with the lab's users added by useradd and
/// chpasswd) is mounted over `/etc`. Password changes (an expired password) go to the copy. Used by
/// `kiwi-ltsp demo --desktop` and the tests; stopped by `stop()`, which also ends what the lab's users still run.
public final class SessionServer: @unchecked Sendable {
    public struct User: Sendable {
        public var name: String
        public var uid: Int
        public var password: String
        /// The password must be changed at the next login (`chage -d 0`).
        public var expired: Bool

        public init(name: String, uid: Int, password: String, expired: Bool = false) {
            self.name = name
            self.uid = uid
            self.password = password
            self.expired = expired
        }
    }

    public let directory: String
    public let users: [User]
    public let namespace: String?
    public private(set) var pid: pid_t?
    /// `ssh-ed25519 AAAA...`: the line for the clients' known_hosts.
    public let hostKey: String

    var logPath: String { "\(directory)/sshd.log" }
    var etc: String { "\(directory)/etc" }

    /// Prepares `directory` (the /etc copy, the users, their homes, a host key, sshd_config); `include` is an
    /// sshd_config drop-in to read (what `kiwi-ltsp configure` renders); `listen` the address sshd binds.
    public init(
        directory: String, users: [User], namespace: String?, listen: String = "0.0.0.0",
        include: String? = nil
    ) throws {
        self.directory = directory
        self.users = users
        self.namespace = namespace
        let runner = SystemProcessRunner()
        func run(_ arguments: [String], input: String? = nil) throws {
            let outcome = try runner.run(CommandInvocation(arguments))
            guard outcome.status == 0 else {
                throw LabError("`\(arguments.joined(separator: " "))` exited \(outcome.status): \(outcome.output)")
            }
        }
        let etc = "\(directory)/etc"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: etc)
        try run(["cp", "-a", "/etc", etc])
        for user in users {
            let home = "\(directory)/home/\(user.name)"
            try run([
                "useradd", "-R", directory, "-u", String(user.uid), "-U", "-M", "-d", home, "-s", "/bin/sh",
                user.name,
            ])
            try Self.setPassword(user.name, user.password, root: directory)
            if user.expired { try run(["chage", "-R", directory, "-d", "0", user.name]) }
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            guard chown(home, uid_t(user.uid), gid_t(user.uid)) == 0 else { throw LabError("chown \(home)") }
        }
        let key = "\(directory)/ssh_host_ed25519_key"
        try? FileManager.default.removeItem(atPath: key)
        try? FileManager.default.removeItem(atPath: key + ".pub")
        try run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kiwi-ltsp lab", "-f", key])
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ")
        hostKey = publicKey.prefix(2).joined(separator: " ")
        var config = [
            "# kiwi-ltsp lab sshd",
            include.map { "Include \($0)" } ?? "",
            "ListenAddress \(listen)",
            "HostKey \(key)",
            "PidFile \(directory)/sshd.pid",
            "UsePAM yes",
            "KbdInteractiveAuthentication no",
            "PasswordAuthentication yes",
            "PrintMotd no",
            "AcceptEnv LANG LC_*",
            "Subsystem sftp /usr/lib/openssh/sftp-server",
        ]
        // Debian's own default; the drop-in (when given) must be what turns forwarding on.
        if include == nil { config.append("X11Forwarding yes") }
        try config.joined(separator: "\n").appending("\n")
            .write(toFile: "\(directory)/sshd_config", atomically: true, encoding: .utf8)
    }

    /// chpasswd reads `name:password` lines from standard input.
    static func setPassword(_ name: String, _ password: String, root: String) throws {
        let input = "\(root)/.chpasswd-input"
        try "\(name):\(password)\n".write(toFile: input, atomically: true, encoding: .utf8)
        defer { unlink(input) }
        let fd = open(input, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        guard let chpasswd = SystemProcessRunner.lookUp("chpasswd"),
            case .success(let pid) = ChildProcess.start(
                chpasswd, ["chpasswd", "-R", root, "-c", "SHA512"],
                stdin: fd, stdout: null, stderr: null),
            Children.wait(pid) == 0
        else {
            throw LabError("chpasswd failed for \(name)")
        }
    }

    /// Starts sshd and waits until it listens.
    public func start() throws {
        mkdir("/run/sshd", 0o755)
        // /media as `configure` leaves it (sticky, open to all: the sessions make /media/<user> for the clients' media),
        // on a tmpfs of this namespace's own.
        let script =
            "mount --make-rprivate / && mount --bind \(etc) /etc && mount -t tmpfs -o mode=1777 kiwi-media /media"
            + " && exec /usr/sbin/sshd -D -e -f \(directory)/sshd_config"
        let command = (namespace.map { ["ip", "netns", "exec", $0] } ?? []) + ["unshare", "-m", "sh", "-c", script]
        unlink(logPath)
        let started = try ChildProcess.startInBackground(command, logFile: logPath)
        pid = started
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if log.contains("Server listening on") { return }
            guard ChildProcess.isRunning(started) else { throw LabError("sshd exited: \(log)") }
            usleep(50_000)
        }
        throw LabError("sshd did not listen within 20 s")
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func home(of user: String) -> String { "\(directory)/home/\(user)" }

    /// The processes a lab user runs now, with their environment (`/proc/PID/environ`).
    public func processes(of user: User) -> [(pid: pid_t, command: String, environment: [String: String])] {
        DirectoryListing.names(in: "/proc").compactMap { Int32($0) }.compactMap { pid in
            var info = stat()
            guard stat("/proc/\(pid)", &info) == 0, Int(info.st_uid) == user.uid,
                let environ = try? TextFile.readBytes("/proc/\(pid)/environ")
            else { return nil }
            let command = ((try? TextFile.readBytes("/proc/\(pid)/cmdline")) ?? [])
                .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            var environment: [String: String] = [:]
            for entry in environ.split(separator: 0) {
                let text = String(decoding: entry, as: UTF8.self)
                guard let equals = text.firstIndex(of: "=") else { continue }
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            return (pid, command, environment)
        }
    }

    /// Stops sshd and ends every process the lab's users still run (their uids are the lab's own).
    public func stop() {
        if let pid { ChildProcess.stop(pid) }
        pid = nil
        for user in users {
            for process in processes(of: user) { kill(process.pid, SIGKILL) }
        }
    }

    deinit { stop() }
}

public struct LabError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
