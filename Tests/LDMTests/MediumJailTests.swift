import Foundation
import SystemSupport
import TestSupport
import Testing

@testable import LDM

/// `ldm --serve-medium` with the real sftp-server in its jail, and the real sshfs in passive mode on the other end
/// of two pipes, as the session's sshfs is on the server: files read and written through the mount, the jail's
/// sftp-server confined (nobody, no capabilities, a root of its own), and the mount gone when the jail ends.
@Suite(.serialized)
struct MediumJailTests {
    @Test func sshfsReadsAndWritesTheMediumThroughTheJailAndNothingElse() throws {
        try RequiredTool.require(["sshfs", "fusermount3", "/usr/lib/openssh/sftp-server"])
        let directory = try TestDirectory("medium-jail")
        let medium = directory.path + "/medium", mountPoint = directory.path + "/mnt"
        for path in [medium, mountPoint] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        // The medium as MediumMount leaves a FAT stick: the jail's user owns it, nobody else reads it.
        #expect(
            try Command.run(["mount", "-t", "tmpfs", "-o", "mode=0700,uid=65534,gid=65534", "stick", medium]).succeeded)
        defer { _ = try? Command.run(["umount", "-l", medium]) }
        let known = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(known).write(to: URL(fileURLWithPath: medium + "/known.bin"))
        chown(medium + "/known.bin", 65534, 65534)

        let script =
            "exec 3<>\(directory.path)/fifo; "
            + "\(BuiltProducts.executable("ldm")) --serve-medium \(medium) <&3 | "
            + "sshfs -f -o passive,auto_unmount,idmap=user :/medium \(mountPoint) >&3"
        #expect(mkfifo(directory.path + "/fifo", 0o600) == 0)
        guard
            case .success(let bridge) = ProcessSpawn.start(
                "/bin/sh", ["sh", "-c", script],
                standard: .descriptors(stdin: nil, stdout: 2, stderr: 2),
                newProcessGroup: true)
        else { throw TestFailure("cannot start the bridge") }
        defer { Children.stop(bridge, signal: SIGKILL, group: true) }
        try Poll.until("the medium mounted through the jail") {
            FileManager.default.fileExists(atPath: mountPoint + "/known.bin")
        }

        let read = try Data(contentsOf: URL(fileURLWithPath: mountPoint + "/known.bin"))
        let same = read == Data(known)
        #expect(same)
        try "written in the session\n".write(toFile: mountPoint + "/new.txt", atomically: false, encoding: .utf8)
        #expect(try String(contentsOfFile: medium + "/new.txt", encoding: .utf8) == "written in the session\n")

        // The sftp-server behind it: nobody, no capabilities, no_new_privs, and a root with only /usr, /dev/null,
        // passwd and group, and the medium.
        let server = try #require(Self.process(commandLine: "sftp-server -d /medium -u 0077"))
        let status = try String(contentsOfFile: "/proc/\(server)/status", encoding: .utf8)
        #expect(status.contains("Uid:\t65534\t65534\t65534\t65534"))
        #expect(status.contains("CapEff:\t0000000000000000") && status.contains("CapBnd:\t0000000000000000"))
        #expect(status.contains("NoNewPrivs:\t1"))
        let root = "/proc/\(server)/root"
        let entries = Set(try FileManager.default.contentsOfDirectory(atPath: root))
        #expect(
            entries.isSubset(of: ["usr", "etc", "dev", "medium", "bin", "lib", "lib32", "lib64", "libx32", "sbin"]))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: root + "/etc")) == ["passwd", "group"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/dev") == ["null"])
        #expect(
            !FileManager.default.fileExists(atPath: root + "/run")
                && !FileManager.default.fileExists(atPath: root + "/home"))

        // The jail ends (the medium was pulled): sshfs reads the end of its input and the mount goes.
        kill(server, SIGTERM)
        try Poll.until("sshfs unmounted") {
            !(try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)).contains(mountPoint)
        }
        try Poll.until("the bridge ended") { Children.poll(bridge) != nil }
    }

    /// The pid of a process whose command line (arguments joined by spaces) is `commandLine`.
    static func process(commandLine: String) -> pid_t? {
        DirectoryListing.names(in: "/proc").compactMap { pid_t($0) }.first { pid in
            let arguments = ((try? TextFile.readBytes("/proc/\(pid)/cmdline")) ?? []).split(separator: 0)
            return arguments.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ") == commandLine
        }
    }

    @Test func aJailWithoutItsDirectoryFailsWithAReason() throws {
        try RequiredTool.require([])  // root: the jail makes a mount namespace before it looks at the directory
        let result = try Command.run([BuiltProducts.executable("ldm"), "--serve-medium", "relative/path"])
        #expect(result.status == 2 && result.stderr.contains("usage: ldm --serve-medium DIRECTORY"))
        let missing = try Command.run([BuiltProducts.executable("ldm"), "--serve-medium", "/nonexistent/medium"])
        #expect(missing.status == 1 && missing.stderr.contains("binding /nonexistent/medium"))
    }
}
