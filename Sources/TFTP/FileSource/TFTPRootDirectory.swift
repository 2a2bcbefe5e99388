import CKiwiSystem

#if canImport(Glibc)
    import Glibc
#endif

/// The served root as an open directory, and every open below it resolved by the kernel in one step: `openat2(2)`
/// with RESOLVE_BENEATH refuses, during the walk itself, anything that would leave the root (`..`, a symlink pointing
/// out, an absolute symlink, a directory swapped for a symlink between a check and an open: there is no separate
/// check). On kernels without openat2 (before 5.6) the walk goes one component at a time with O_NOFOLLOW, so no
/// symlink is followed at all.
final class TFTPRootDirectory: Sendable {
    let descriptor: CInt

    init(path: String) throws {
        let descriptor = Glibc.open(path, kiwi_o_path | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw TFTPError.fileNotFound(name: path) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// `components` (already checked names, none `..`) opened below the root with `flags`; -1 with `errno` set.
    func open(_ components: [String], flags: CInt, mode: mode_t = 0) -> CInt {
        let path = components.isEmpty ? "." : components.joined(separator: "/")
        let opened = kiwi_open_beneath(descriptor, path, flags | O_CLOEXEC, UInt32(mode))
        guard opened < 0 && errno == ENOSYS else { return opened }
        return openByWalking(components, flags: flags, mode: mode)
    }

    /// The fallback: each directory with O_NOFOLLOW | O_DIRECTORY, the last component with O_NOFOLLOW.
    func openByWalking(_ components: [String], flags: CInt, mode: mode_t = 0) -> CInt {
        var current = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard current >= 0 else { return -1 }
        for component in components.dropLast() {
            let next = openat(current, component, kiwi_o_path | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let failure = errno
            close(current)
            guard next >= 0 else {
                errno = failure
                return -1
            }
            current = next
        }
        defer { close(current) }
        return openat(current, components.last ?? ".", flags | O_NOFOLLOW | O_CLOEXEC, mode)
    }
}
