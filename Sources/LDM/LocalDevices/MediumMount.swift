import Glibc
import SystemSupport

/// Mounting a medium on the client, under ``directory``: never set-uid, device or executable files, every write
/// synchronous (a completed write is on the medium, not in the client's cache, when it is pulled), no access times
/// (reading writes nothing), read-only with
/// LOCALDEV_READONLY and for discs. File systems without owners (FAT, exFAT, NTFS) belong to ``MediumJail/user``,
/// the only one who reads them; on the others the jail reads what anyone may read.
public enum MediumMount {
    public static let directory = "/run/ldm/media"

    /// The file systems a medium may carry (blkid's names).
    static let fileSystems: Set<String> = [
        "vfat", "msdos", "exfat", "ntfs", "ntfs3", "ext2", "ext3", "ext4", "btrfs",
        "xfs", "f2fs", "hfsplus", "iso9660", "udf",
    ]

    public struct Plan: Equatable, Sendable {
        /// The kernel's file system type.
        public var type: String
        public var flags: UInt
        public var data: String
        public var readOnly: Bool
    }

    /// How `fileSystem` is mounted; nil for what is not a file system a medium carries (swap, LUKS, LVM).
    public static func plan(fileSystem: String, readOnly wanted: Bool) -> Plan? {
        guard fileSystems.contains(fileSystem) else { return nil }
        let readOnly = wanted || fileSystem == "iso9660" || fileSystem == "udf"
        let owner = "uid=\(MediumJail.user),gid=\(MediumJail.user),fmask=0077,dmask=0077"
        let (type, data): (String, String)
        switch fileSystem {
        case "vfat", "msdos", "exfat": (type, data) = (fileSystem, owner)
        case "ntfs", "ntfs3": (type, data) = ("ntfs3", owner)
        default: (type, data) = (fileSystem, "")
        }
        let flags =
            UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_NOATIME) | (readOnly ? UInt(MS_RDONLY) : 0)
        return Plan(type: type, flags: flags, data: data, readOnly: readOnly)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Mounts `medium` (probed) at `<directory>/<name>` and returns that path.
    public static func mount(
        _ medium: RemovableMedium, readOnly: Bool,
        under base: String = directory
    ) throws(Failure) -> (path: String, plan: Plan) {
        guard let fileSystem = medium.fileSystem, let plan = plan(fileSystem: fileSystem, readOnly: readOnly) else {
            throw Failure(
                description: "\(medium.name): \(medium.fileSystem ?? "no file system") is not a file system for media")
        }
        let path = "\(base)/\(medium.name)"
        do { try TextFile.makeDirectories(path) } catch { throw Failure(description: "\(error)") }
        chmod(base, 0o700)
        guard Glibc.mount(medium.device, path, plan.type, plan.flags, plan.data) == 0 else {
            let reason = String(cString: strerror(errno))
            rmdir(path)
            throw Failure(description: "mount \(medium.device) (\(plan.type)): \(reason)")
        }
        return (path, plan)
    }

    /// Unmounts `path` (its data written out first) and removes the directory; with `detach`, for a medium that is
    /// already gone, lazily. False when it stayed mounted.
    @discardableResult
    public static func unmount(_ path: String, detach: Bool) -> Bool {
        let unmounted = umount2(path, detach ? Int32(MNT_DETACH) : 0) == 0 || errno == EINVAL
        if unmounted { rmdir(path) }
        return unmounted
    }
}
