// What Swift's Glibc overlay adds to the C library, for the client programs built with Embedded Swift for i386,
// where no overlay exists: errno, the signal dispositions, the variadic calls, and the monotonic clock the Swift
// runtime's Concurrency module would give.
@_exported import CGlibc32

public var errno: Int32 {
    get { __errno_location().pointee }
    set { __errno_location().pointee = newValue }
}

public var environ: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> { kiwi_environment()! }

public let SIG_DFL: __sighandler_t? = nil
public let SIG_IGN: __sighandler_t? = unsafeBitCast(1, to: __sighandler_t.self)
public let SIG_ERR: __sighandler_t? = unsafeBitCast(-1, to: __sighandler_t.self)

public func open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
    kiwi_open(path, flags, mode)
}

public func openat(_ directory: Int32, _ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
    kiwi_openat(directory, path, flags, mode)
}

public func fcntl(_ descriptor: Int32, _ command: Int32, _ argument: Int32 = 0) -> Int32 {
    kiwi_fcntl(descriptor, command, Int(argument))
}

public func ioctl(_ descriptor: Int32, _ request: UInt, _ argument: Int32 = 0) -> Int32 {
    kiwi_ioctl(descriptor, request, UInt(bitPattern: Int(argument)))
}

public func ioctl(_ descriptor: Int32, _ request: UInt, _ pointer: UnsafeMutableRawPointer) -> Int32 {
    kiwi_ioctl(descriptor, request, UInt(bitPattern: pointer))
}

/// The file type bits of `st_mode`, as the overlay types them.
public let S_IFMT = mode_t(0o170000)
public let S_IFBLK = mode_t(0o060000)
public let S_IFCHR = mode_t(0o020000)
public let S_IFDIR = mode_t(0o040000)
public let S_IFREG = mode_t(0o100000)
public let S_IFLNK = mode_t(0o120000)

/// The monotonic clock, as much of `ContinuousClock` as the client programs use.
public struct ContinuousClock: Sendable {
    public struct Instant: Comparable, Sendable {
        fileprivate var nanoseconds: Int64

        public static func < (left: Instant, right: Instant) -> Bool { left.nanoseconds < right.nanoseconds }

        public static func + (instant: Instant, duration: Duration) -> Instant {
            Instant(nanoseconds: instant.nanoseconds + duration.nanosecondsForClock)
        }

        public static func - (instant: Instant, duration: Duration) -> Instant {
            Instant(nanoseconds: instant.nanoseconds - duration.nanosecondsForClock)
        }

        public static func - (later: Instant, earlier: Instant) -> Duration {
            .nanoseconds(later.nanoseconds - earlier.nanoseconds)
        }

        public func duration(to other: Instant) -> Duration { other - self }
    }

    public init() {}

    public var now: Instant { Self.now }

    public static var now: Instant {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Instant(nanoseconds: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }
}

extension Duration {
    fileprivate var nanosecondsForClock: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

extension StringProtocol {
    /// Whether `other` occurs in the text (the `_StringProcessing` call, which Embedded Swift lacks).
    public func contains(_ other: some StringProtocol) -> Bool {
        let needle = Array(other.utf8)
        let haystack = Array(utf8)
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }
}

/// 32-bit glibc picks the option by the size of time_t in a macro Swift cannot import; ours is the 32-bit one.
public let SO_RCVTIMEO: Int32 = SO_RCVTIMEO_OLD
public let SO_SNDTIMEO: Int32 = SO_SNDTIMEO_OLD

/// The program's arguments, as the Swift runtime's `CommandLine` gives them.
public enum CommandLine {
    public static var unsafeArgv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> { kiwi_arguments }

    public static var arguments: [String] {
        (0..<Int(kiwi_argument_count)).map { String(cString: kiwi_arguments[$0]!) }
    }
}
