#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// The crash-safe lease store: an append-only journal of ``DHCPLeaseRecord`` lines in one directory.
///
/// ``append(_:)`` returns only after `write` + `fdatasync`, so a record it accepted survives SIGKILL and power loss;
/// the server calls it once per batch of ACKs (group commit) and sends those ACKs afterwards. ``compact(_:)`` replaces
/// the journal with a snapshot: temp file, `fsync`, `rename`, `fsync` of the directory. Opening recovers every whole
/// record, ignores a torn last one, and starts a fresh compacted journal (on a disk too full for that, it appends to
/// the old one, its torn tail cut off). A lock file keeps a second server out.
public final class DHCPLeaseJournal: Sendable {
    /// What opening found.
    public struct Recovery: Sendable {
        /// Records in journal order; a later record for an address replaces an earlier one.
        public var leases: [DHCPLease]
        /// Damaged lines skipped (a torn tail counts here).
        public var ignoredRecords: Int
        /// The length of the journal up to the end of its last whole line.
        public var wholeRecordBytes = 0
    }

    private struct Files {
        var journal: Int32
        var lock: Int32
        var size: Int
    }

    public static let journalName = "dhcp-leases.journal"
    public let directory: String
    private let files: Mutex<Files?>

    public var path: String { "\(directory)/\(Self.journalName)" }

    /// Opens (creating the directory when missing) and recovers.
    public static func open(directory: String) throws -> (DHCPLeaseJournal, Recovery) {
        try makeDirectories(directory)
        let lockPath = "\(directory)/dhcp-leases.lock"
        let lock = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw DHCPError.io(operation: "open", path: lockPath, errno: errno) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            Glibc.close(lock)
            throw DHCPError.io(operation: "lock (is another DHCP server running?)", path: lockPath, errno: error)
        }
        let recovery: Recovery
        do {
            recovery = try recover(path: "\(directory)/\(journalName)")
        } catch {
            Glibc.close(lock)
            throw error
        }
        let journal = DHCPLeaseJournal(directory: directory, lock: lock)
        do {
            try journal.compact(latest(recovery.leases))
        } catch {
            // A full disk has no room for the snapshot: append to the journal as it is, its torn tail cut off.
            do {
                try journal.reopen(keepingBytes: recovery.wholeRecordBytes)
            } catch {
                journal.close()
                throw error
            }
        }
        return (journal, recovery)
    }

    private init(directory: String, lock: Int32) {
        self.directory = directory
        self.files = Mutex(Files(journal: -1, lock: lock, size: 0))
    }

    deinit { close() }

    /// Bytes in the journal now.
    public var size: Int { files.withLock { $0?.size ?? 0 } }

    /// Appends `records` with one write and one `fdatasync`.
    public func append(_ records: [DHCPLease]) throws {
        guard !records.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 72)
        for record in records { bytes += DHCPLeaseRecord.encode(record) }
        let path = self.path
        try files.withLock { files in
            guard let fd = files?.journal, fd >= 0 else {
                throw DHCPError.io(operation: "append to closed journal", path: path, errno: EBADF)
            }
            do {
                try Self.writeAll(fd, bytes, path: path)
                guard fdatasync(fd) == 0 else { throw DHCPError.io(operation: "fdatasync", path: path, errno: errno) }
            } catch {
                // A partial record (a full disk) must not stay in front of the next append, which would make that
                // record's line unreadable: cut the journal back to its last whole record. If even that fails, stop
                // appending until the next compaction rewrites the journal.
                if ftruncate(fd, off_t(files?.size ?? 0)) != 0 {
                    Glibc.close(fd)
                    files?.journal = -1
                }
                throw error
            }
            files?.size += bytes.count
        }
    }

    /// True after an append failed and could not be cut back: only ``compact(_:)`` makes the journal usable again.
    public var needsCompaction: Bool { files.withLock { $0.map { $0.journal < 0 } ?? false } }

    /// Replaces the journal with exactly `leases`, atomically.
    public func compact(_ leases: [DHCPLease]) throws {
        var bytes: [UInt8] = []
        for lease in leases { bytes += DHCPLeaseRecord.encode(lease) }
        let path = self.path
        let temporary = path + ".tmp"
        let directory = self.directory
        try files.withLock { files in
            guard files != nil else {
                throw DHCPError.io(operation: "compact closed journal", path: path, errno: EBADF)
            }
            let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw DHCPError.io(operation: "create", path: temporary, errno: errno) }
            do {
                try Self.writeAll(fd, bytes, path: temporary)
                guard fsync(fd) == 0 else { throw DHCPError.io(operation: "fsync", path: temporary, errno: errno) }
            } catch {
                Glibc.close(fd)
                unlink(temporary)
                throw error
            }
            Glibc.close(fd)
            guard rename(temporary, path) == 0 else {
                throw DHCPError.io(operation: "rename", path: path, errno: errno)
            }
            try Self.syncDirectory(directory)
            let journal = Glibc.open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard journal >= 0 else { throw DHCPError.io(operation: "open", path: path, errno: errno) }
            if let old = files?.journal, old >= 0 { Glibc.close(old) }
            files?.journal = journal
            files?.size = bytes.count
        }
    }

    /// Opens the journal for appending as it is on disk, cut to its first `length` bytes (dropping a torn tail).
    private func reopen(keepingBytes length: Int) throws {
        let path = self.path
        try files.withLock { files in
            let journal = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard journal >= 0 else { throw DHCPError.io(operation: "open", path: path, errno: errno) }
            guard ftruncate(journal, off_t(length)) == 0, fdatasync(journal) == 0 else {
                let error = errno
                Glibc.close(journal)
                throw DHCPError.io(operation: "truncate", path: path, errno: error)
            }
            files?.journal = journal
            files?.size = length
        }
    }

    /// Closes the journal; every record `append` accepted is already on disk.
    public func close() {
        files.withLock { files in
            guard let open = files else { return }
            if open.journal >= 0 { Glibc.close(open.journal) }
            Glibc.close(open.lock)
            files = nil
        }
    }

    /// The leases in `directory`'s journal as of now, the last record of each address, read without the lock (a
    /// running server keeps the journal whole line by line, and a torn last line is left out).
    public static func snapshot(directory: String) throws -> [DHCPLease] {
        latest(try recover(path: "\(directory)/\(journalName)").leases)
    }

    /// The last record of each address, in address order.
    static func latest(_ records: [DHCPLease]) -> [DHCPLease] {
        var byAddress: [UInt32: DHCPLease] = [:]
        for record in records { byAddress[record.address.value] = record }
        return byAddress.values.sorted { $0.address < $1.address }
    }

    // MARK: - File helpers

    static func recover(path: String) throws -> Recovery {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return Recovery(leases: [], ignoredRecords: 0) }
            throw DHCPError.io(operation: "open", path: path, errno: errno)
        }
        defer { Glibc.close(fd) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DHCPError.io(operation: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            content += chunk[0..<count]
        }
        var leases: [DHCPLease] = []
        var ignored = 0
        var lines = content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // The part after the last newline is a record whose write did not finish.
        var whole = content.count
        if let tail = lines.popLast(), !tail.isEmpty {
            ignored += 1
            whole -= tail.count
        }
        for line in lines where !line.isEmpty {
            if let lease = DHCPLeaseRecord.decode(line) { leases.append(lease) } else { ignored += 1 }
        }
        return Recovery(leases: leases, ignoredRecords: ignored, wholeRecordBytes: whole)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw DHCPError.io(operation: "write", path: path, errno: errno)
            }
            offset += written
        }
    }

    private static func syncDirectory(_ directory: String) throws {
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw DHCPError.io(operation: "open", path: directory, errno: errno) }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw DHCPError.io(operation: "fsync", path: directory, errno: errno) }
    }

    private static func makeDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw DHCPError.io(operation: "mkdir", path: prefix, errno: errno)
            }
        }
    }
}
