import Glibc
import SystemSupport

/// Puts a built file in place so readers see the old one or the new one, never a part: the new file is written
/// beside it, the current one is hard-linked to `NAME.old`, and the new one is renamed over NAME. A client that
/// has the old image open keeps reading it (its inode lives until the last reader closes it).
public enum ImagePublisher {
    public static func stagingPath(for path: String) -> String {
        "\(TextFile.parentDirectory(of: path))/.\(TextFile.baseName(of: path)).new"
    }

    public static func previousPath(for path: String) -> String { path + ".old" }

    /// Renames the staged file over `path`, keeping the current one as `path.old`.
    public static func publish(_ path: String) throws(ImageBuildError) {
        let staged = stagingPath(for: path)
        if TextFile.exists(path) { try keep(path, as: previousPath(for: path)) }
        guard rename(staged, path) == 0 else { throw .io(path: path, operation: "rename \(staged) to", errno: errno) }
        syncDirectory(of: path)
    }

    /// Swaps `path` and `path.old` (so a second revert goes forward again).
    public static func revert(_ path: String) throws(ImageBuildError) {
        let previous = previousPath(for: path)
        guard TextFile.exists(previous) else { throw .nothingToRevert(previous) }
        let swap = "\(TextFile.parentDirectory(of: path))/.\(TextFile.baseName(of: path)).swap"
        unlink(swap)
        let hasCurrent = TextFile.exists(path)
        if hasCurrent { guard link(path, swap) == 0 else { throw .io(path: swap, operation: "link", errno: errno) } }
        guard rename(previous, path) == 0 else { throw .io(path: path, operation: "rename", errno: errno) }
        if hasCurrent {
            guard rename(swap, previous) == 0 else { throw .io(path: previous, operation: "rename", errno: errno) }
        }
        syncDirectory(of: path)
    }

    static func keep(_ path: String, as previous: String) throws(ImageBuildError) {
        let temporary = previous + ".tmp"
        unlink(temporary)
        guard link(path, temporary) == 0 else { throw .io(path: temporary, operation: "link", errno: errno) }
        guard rename(temporary, previous) == 0 else { throw .io(path: previous, operation: "rename", errno: errno) }
    }

    static func syncDirectory(of path: String) {
        let descriptor = open(TextFile.parentDirectory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}
