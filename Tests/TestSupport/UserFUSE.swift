import Foundation

/// FUSE for unprivileged users, as a Debian host has it: there `/dev/fuse` is mode 0666, so a session's sshfs
/// (run as the user) can mount. A container may hand `/dev/fuse` over as 0600; the user's sshfs then fails with
/// "fusermount3: failed to open /dev/fuse: Permission denied" and no stick reaches the session.
public enum UserFUSE {
    public static let device = "/dev/fuse"

    /// Makes `/dev/fuse` readable and writable by everyone when it is not (and says so); throws when it is missing.
    public static func ensure() throws {
        var info = stat()
        guard stat(device, &info) == 0, info.st_mode & S_IFMT == S_IFCHR else {
            throw TestFailure("\(device) is missing: this host's kernel has no FUSE for the session's sshfs")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o666 != 0o666 else { return }
        guard chmod(device, mode | 0o666) == 0 else {
            throw TestFailure("\(device) is mode \(String(mode, radix: 8)) and chmod failed: errno \(errno)")
        }
        print("test setup: \(device) was mode \(String(mode, radix: 8)); made 0666 for the users' sshfs")
    }
}
